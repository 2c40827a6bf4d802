// Activities of units over simulated time, for the trace.
//
// A unit's activities (transit, on station, refuelling, waiting for a
// resource, maintenance, replenishment at sea) start and end at simulated
// times; the drill model emits one `ActivityRecord` at each start and each
// end to an `ActivityListener` (the trace writer, the dashboards' timeline,
// the live server). The record names entities by id only (see
// entity_kinds.hpp), so emitting one costs a virtual call and no string;
// listeners resolve names through the collector's name table. Listeners
// observe: they must not schedule events or change the model. The
// activities are the drill's, so they live here rather than in core/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/metrics/entity.hpp"
#include "core/time.hpp"

namespace drill::models {

enum class Activity : std::uint8_t {
  transit,
  on_station,
  refuelling,            // on the ground or in the air
  waiting_for_resource,  // queued for a runway, berth, crew, fuel point or stock
  maintenance,
  replenishment_at_sea,
  link_down,  // the subject is a comms link, down from start to end
};
inline constexpr std::size_t kActivityCount = 7;
std::string_view to_string(Activity activity) noexcept;

enum class ActivityEdge : std::uint8_t { start, end };

struct ActivityRecord {
  core::SimTime time;
  core::metrics::EntityRef subject;                 // the unit (a link for link_down)
  Activity activity = Activity::transit;
  ActivityEdge edge = ActivityEdge::start;
  std::optional<core::metrics::EntityRef> related;  // the resource waited for, the task, the oiler, ...
};

class ActivityListener {
 public:
  virtual ~ActivityListener() = default;
  virtual void on_activity(const ActivityRecord& record) = 0;
};

}  // namespace drill::models
