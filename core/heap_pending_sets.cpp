// Heap-based pending-event sets. Both are implicit heaps over a vector of
// keys: O(log n) push and pop, 24 bytes per pending event plus vector slack.
#include <algorithm>
#include <vector>

#include "core/pending_set.hpp"

namespace drill::core {
namespace {

struct KeyAfter {
  bool operator()(const EventKey& a, const EventKey& b) const noexcept { return key_before(b, a); }
};

class BinaryHeapSet final : public PendingEventSet {
 public:
  void push(const EventKey& key) override {
    keys_.push_back(key);
    std::push_heap(keys_.begin(), keys_.end(), KeyAfter{});
  }
  const EventKey& top() const override { return keys_.front(); }
  void pop() override {
    std::pop_heap(keys_.begin(), keys_.end(), KeyAfter{});
    keys_.pop_back();
  }
  std::size_t size() const noexcept override { return keys_.size(); }

 private:
  std::vector<EventKey> keys_;
};

// Children of i are 4i+1 .. 4i+4. A wider node halves the depth of a binary
// heap, and the four children share one or two cache lines.
class QuaternaryHeapSet final : public PendingEventSet {
 public:
  void push(const EventKey& key) override {
    std::size_t i = keys_.size();
    keys_.push_back(key);
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!key_before(key, keys_[parent])) break;
      keys_[i] = keys_[parent];
      i = parent;
    }
    keys_[i] = key;
  }
  const EventKey& top() const override { return keys_.front(); }
  void pop() override {
    const EventKey last = keys_.back();
    keys_.pop_back();
    const std::size_t n = keys_.size();
    if (n == 0) return;
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = std::min(first + 4, n);
      for (std::size_t c = first + 1; c < end; ++c)
        if (key_before(keys_[c], keys_[best])) best = c;
      if (!key_before(keys_[best], last)) break;
      keys_[i] = keys_[best];
      i = best;
    }
    keys_[i] = last;
  }
  std::size_t size() const noexcept override { return keys_.size(); }

 private:
  std::vector<EventKey> keys_;
};

}  // namespace

std::unique_ptr<PendingEventSet> make_pending_set(QueueKind kind) {
  switch (kind) {
    case QueueKind::binary_heap:
      return std::make_unique<BinaryHeapSet>();
    case QueueKind::quaternary_heap:
      return std::make_unique<QuaternaryHeapSet>();
  }
  return std::make_unique<QuaternaryHeapSet>();
}

std::string_view to_string(QueueKind kind) noexcept {
  switch (kind) {
    case QueueKind::binary_heap:
      return "binary-heap";
    case QueueKind::quaternary_heap:
      return "quaternary-heap";
  }
  return "unknown";
}

std::optional<QueueKind> parse_queue_kind(std::string_view name) noexcept {
  for (QueueKind k : {QueueKind::binary_heap, QueueKind::quaternary_heap})
    if (to_string(k) == name) return k;
  return std::nullopt;
}

}  // namespace drill::core
