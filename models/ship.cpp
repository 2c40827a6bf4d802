#include "models/ship.hpp"

#include <algorithm>

namespace drill::models {

Ship::Ship(std::string name, const scenario::ShipClass& cls, LatLon start, double fuel_fraction, std::uint32_t entity)
    : name_(std::move(name)),
      class_(&cls),
      pos_(start),
      fuel_(cls.fuel_capacity_t * fuel_fraction),
      entity_(entity) {}

std::vector<LatLon> Ship::path_to(LatLon dest) {
  std::vector<LatLon> path;
  std::size_t best = route_.size();
  double best_d = models::distance_nm(pos_, dest);
  for (std::size_t k = next_waypoint_; k < route_.size(); ++k) {
    const double d = models::distance_nm(route_[k], dest);
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  if (best < route_.size()) {
    path.assign(route_.begin() + static_cast<std::ptrdiff_t>(next_waypoint_),
                route_.begin() + static_cast<std::ptrdiff_t>(best) + 1);
    next_waypoint_ = best + 1;
  }
  path.push_back(dest);
  return path;
}

void Ship::attach(core::SimTime now, Instruments instruments) noexcept {
  instruments_ = instruments;
  published_below_ = false;
  publish(now);
}

void Ship::publish(core::SimTime now) noexcept {
  if (instruments_.fuel) instruments_.fuel->set(now, fuel_);
  const bool below = below_critical();
  if (instruments_.ships_below_critical && below != published_below_)
    instruments_.ships_below_critical->add(now, below ? 1.0 : -1.0);
  published_below_ = below;
}

double Ship::fuel_at(core::SimTime now) const noexcept {
  const double span_s = (now - settled_).seconds();
  if (span_s <= 0.0) return fuel_;
  // The same arithmetic as settle, so a report and a settlement agree to the bit.
  const double burn_per_s = burn_tph_ / 3600.0;
  return std::max(0.0, fuel_ - burn_per_s * span_s);
}

void Ship::settle(core::SimTime now) noexcept {
  const double span_s = (now - settled_).seconds();
  settled_ = now;
  if (span_s <= 0.0) return;
  const double critical = class_->fuel_capacity_t * class_->critical_fuel_fraction;
  const double burn_per_s = burn_tph_ / 3600.0;
  const double wanted = burn_per_s * span_s;
  const double before = fuel_;
  const double after = std::max(0.0, before - wanted);
  // Time below critical in this span: all of it if we started below,
  // otherwise from the crossing on.
  double below_s = 0.0;
  if (before < critical) {
    below_s = span_s;
  } else if (before - wanted < critical && burn_per_s > 0.0) {
    below_s = span_s - (before - critical) / burn_per_s;
  }
  below_s_ += below_s;
  consumed_ += before - after;
  fuel_ = after;
  if (instruments_.consumed) instruments_.consumed->add(before - after);
  if (instruments_.fleet_consumed) instruments_.fleet_consumed->add(before - after);
  if (below_s > 0.0) {
    if (instruments_.time_below_critical_s) instruments_.time_below_critical_s->add(below_s);
    if (instruments_.fleet_time_below_critical_s) instruments_.fleet_time_below_critical_s->add(below_s);
  }
  publish(now);
}

void Ship::set_burn(core::SimTime now, double burn_tph) noexcept {
  settle(now);
  burn_tph_ = burn_tph;
}

double Ship::receive(core::SimTime now, double tonnes) noexcept {
  settle(now);
  const double fits = std::clamp(tonnes, 0.0, space_t());
  fuel_ += fits;
  received_ += fits;
  if (instruments_.received) instruments_.received->add(fits);
  publish(now);
  return fits;
}

LatLon Ship::Motion::at(core::SimTime now, std::optional<GreatCircle>& path) const noexcept {
  if (!under_way || !(depart < arrive) || now <= depart) return pos;
  if (now >= arrive) return to;
  const double fraction = (now - depart).seconds() / (arrive - depart).seconds();
  if (!path) path.emplace(pos, to);
  return path->at(fraction);
}

}  // namespace drill::models
