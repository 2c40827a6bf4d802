// The table of event operations (see event_pool.hpp).
#include "core/event_pool.hpp"

#include <memory>
#include <mutex>
#include <stdexcept>

#include "core/spare_arrays.hpp"

namespace drill::core {

static_assert(OperationTable::kCapacity <= EventKey::kMaxSlots, "an operation's number fits a node's slot field");

PayloadOp OperationTable::ops_[OperationTable::kCapacity];

std::uint32_t OperationTable::add(PayloadOp op) {
  // Numbers are handed out once per action type and program, from whichever
  // thread schedules the type first; a simulation reads only the numbers of
  // types it has scheduled itself, after number() returned them.
  static std::mutex mutex;
  static std::uint32_t count = 0;
  const std::lock_guard lock(mutex);
  if (count == kCapacity) throw std::length_error("drillsim: more than 2^16 kinds of event action in one program");
  ops_[count] = op;
  return count++;
}

namespace {
struct EventPageTag {};
/// Event pages kept for the thread's next simulation (spare_arrays.hpp).
using SparePages = SpareArrays<EventNode, EventPageTag>;
}  // namespace

EventPool::~EventPool() {
  // The first page only: a short run needs no other, and a long one's
  // many pages are not worth keeping a thread's memory for.
  if (!pages_.empty()) SparePages::give(std::move(pages_.front()));
}

std::uint32_t EventPool::fresh() {
  if (count_ >= EventKey::kMaxSlots) throw std::length_error("drillsim: more than 2^26 events pending in one simulation");
  if ((count_ & kPageMask) == 0) {
    pages_.push_back(SparePages::take(kPageSize));
    if (count_ == 0) first_ = pages_.front().get();
  }
  // A node is set as it is first handed out, not as its page is made: a
  // page is 160 KiB, and the events of a short run reuse a small part of
  // it (setting all 4,096 nodes' generations cost a run of the small
  // drill 5-6 % of its time). Nodes past node_count() are never read.
  (*this)[count_].generation = 0;  // never issued
  return count_++;
}

}  // namespace drill::core
