// Naming and construction of the pending-event structures.
#include "core/pending_set.hpp"

namespace drill::core {

PendingSet::PendingSet(QueueKind kind) : kind_(kind), impl_(std::in_place_type<CalendarQueue>, pool_) {
  switch (kind) {
    case QueueKind::binary_heap:
      impl_.emplace<BinaryHeapSet>();
      break;
    case QueueKind::quaternary_heap:
      impl_.emplace<QuaternaryHeapSet>();
      break;
    case QueueKind::calendar_queue:
      break;
    case QueueKind::ladder_queue:
      impl_.emplace<LadderQueue>(pool_);
      break;
  }
}

std::string_view to_string(QueueKind kind) noexcept {
  switch (kind) {
    case QueueKind::binary_heap:
      return "binary-heap";
    case QueueKind::quaternary_heap:
      return "quaternary-heap";
    case QueueKind::calendar_queue:
      return "calendar-queue";
    case QueueKind::ladder_queue:
      return "ladder-queue";
  }
  return "unknown";
}

std::optional<QueueKind> parse_queue_kind(std::string_view name) noexcept {
  for (QueueKind k : kAllQueueKinds)
    if (to_string(k) == name) return k;
  return std::nullopt;
}

}  // namespace drill::core
