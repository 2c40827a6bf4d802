#include "models/activity.hpp"

namespace drill::models {

std::string_view to_string(Activity activity) noexcept {
  switch (activity) {
    case Activity::transit: return "transit";
    case Activity::on_station: return "on_station";
    case Activity::refuelling: return "refuelling";
    case Activity::waiting_for_resource: return "waiting_for_resource";
    case Activity::maintenance: return "maintenance";
    case Activity::replenishment_at_sea: return "replenishment_at_sea";
    case Activity::link_down: return "link_down";
  }
  return "unknown";
}

}  // namespace drill::models
