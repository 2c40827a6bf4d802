// The table of event operations (see event_pool.hpp).
#include "core/event_pool.hpp"

#include <mutex>
#include <stdexcept>

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

}  // namespace drill::core
