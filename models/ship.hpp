// A ship's state: where it is, how much fuel it carries and how fast it burns.
//
// Fuel is accounted exactly between events: the ship burns at a constant rate
// (set when it changes speed) and `settle(now)` applies the burn since the
// last settlement, including the time spent below the critical fuel level
// within that span (the crossing is found analytically, not by sampling).
// A ship never burns below empty; the time it would have is still counted
// as below critical.
//
// A ship with instruments attached publishes its fuel on board, fuel burnt
// and received, time below critical and whether it is below critical, at
// every settlement, and its distance as it sails: the collector sees the fuel
// as a step function that changes when the ship changes speed or takes fuel,
// while the ship's own figures stay exact. Settling at the end of a run
// brings the published figures up to that time.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/metrics/entity.hpp"
#include "core/metrics/instruments.hpp"
#include "core/time.hpp"
#include "models/entity_kinds.hpp"
#include "models/geo.hpp"
#include "models/scenario/spec.hpp"

namespace drill::models {

class Ship {
 public:
  Ship(std::string name, const scenario::ShipClass& cls, LatLon start, double fuel_fraction, std::uint32_t entity);

  /// Collector instruments the ship updates at every settlement; any may be null.
  struct Instruments {
    core::metrics::TimeWeightedGauge* fuel = nullptr;
    core::metrics::Counter* consumed = nullptr;
    core::metrics::Counter* received = nullptr;
    core::metrics::Counter* distance_m = nullptr;
    core::metrics::Counter* time_below_critical_s = nullptr;
    // Shared by every ship.
    core::metrics::TimeWeightedGauge* ships_below_critical = nullptr;
    core::metrics::Counter* fleet_consumed = nullptr;
    core::metrics::Counter* fleet_time_below_critical_s = nullptr;
  };
  /// Attaches `instruments`; the level ones start at the ship's state now.
  void attach(core::SimTime now, Instruments instruments) noexcept;
  /// Stops publishing: for copies settled only to be measured.
  void detach() noexcept {
    instruments_ = Instruments{};
    motion_hook_ = nullptr;
  }

  const std::string& name() const noexcept { return name_; }
  const scenario::ShipClass& ship_class() const noexcept { return *class_; }
  std::uint32_t entity() const noexcept { return entity_; }
  bool is_oiler() const noexcept { return class_->oiler.has_value(); }

  LatLon position() const noexcept { return pos_; }

  /// The unit's planned track. Sailing to a task's location passes through
  /// the remaining waypoints up to the one nearest that location, when that
  /// waypoint is nearer to it than the ship is; those waypoints are then used up.
  void set_route(std::vector<LatLon> route) { route_ = std::move(route); }
  /// The waypoints to pass on the way to `dest`, ending with `dest`; consumes them.
  std::vector<LatLon> path_to(LatLon dest);
  /// The same path without consuming anything.
  std::vector<LatLon> preview_path_to(LatLon dest) const {
    Ship copy = *this;
    return copy.path_to(dest);
  }
  /// The waypoints not yet sailed.
  std::vector<LatLon> remaining_route() const {
    return {route_.begin() + static_cast<std::ptrdiff_t>(next_waypoint_), route_.end()};
  }
  void finish_route() noexcept { next_waypoint_ = route_.size(); }
  void set_position(LatLon p, double distance_nm) noexcept {
    pos_ = p;
    distance_nm_ += distance_nm;
    if (instruments_.distance_m) instruments_.distance_m->add(distance_nm * kMetersPerNauticalMile);
    leg_ = Leg{};
    leg_path_.reset();
    if (motion_hook_) motion_hook_();
  }
  static constexpr double kMetersPerNauticalMile = 1852.0;
  /// The ship is under way from its position to `to`, from `depart` until
  /// `arrive`; the next set_position ends the leg. Only `position_at` uses it.
  void begin_leg(LatLon to, core::SimTime depart, core::SimTime arrive) noexcept {
    leg_ = Leg{to, depart, arrive, true};
    leg_path_.reset();
    if (motion_hook_) motion_hook_();
  }
  /// Called after every change of motion (a leg begun or ended), for an
  /// observer of the ship's track (the comms node it hosts).
  void on_motion_change(std::function<void()> hook) { motion_hook_ = std::move(hook); }
  /// The end of the piece of the ship's motion that holds at `t`: standing
  /// before a leg departs, the leg's great circle at constant speed until it
  /// arrives, standing after (SimTime::max(): until the next change).
  core::SimTime motion_holds_until(core::SimTime t) const noexcept {
    if (!leg_.under_way || !(leg_.depart < leg_.arrive)) return core::SimTime::max();
    if (t < leg_.depart) return leg_.depart;
    if (t < leg_.arrive) return leg_.arrive;
    return core::SimTime::max();
  }
  /// Where the ship is at `now`, between its waypoints: along the great
  /// circle of the leg under way in proportion to the time sailed. For
  /// observers (a comms node it hosts); the model itself moves the ship
  /// from waypoint to waypoint.
  LatLon position_at(core::SimTime now) const noexcept { return motion().at(now, leg_path_); }

  /// All that position_at() depends on: where the ship stands (its last
  /// waypoint) and the leg it is on. Equal motions give equal positions at
  /// every time, so an observer may keep a ship's motions as they change
  /// and work its positions out later (the report's tracks).
  struct Motion {
    LatLon pos;
    LatLon to;
    core::SimTime depart;
    core::SimTime arrive;
    bool under_way = false;
    friend bool operator==(const Motion&, const Motion&) = default;
    /// The position at `now`; `path` keeps the leg's great circle between
    /// calls for this motion (empty at first; reset it with the motion).
    LatLon at(core::SimTime now, std::optional<GreatCircle>& path) const noexcept;
  };
  Motion motion() const noexcept { return Motion{pos_, leg_.to, leg_.depart, leg_.arrive, leg_.under_way}; }

  /// Applies the burn since the last settlement, then burns `burn_tph` from now on.
  void set_burn(core::SimTime now, double burn_tph) noexcept;
  void settle(core::SimTime now) noexcept;
  /// Adds fuel received (settles first); returns the amount that fitted.
  double receive(core::SimTime now, double tonnes) noexcept;

  double fuel_t() const noexcept { return fuel_; }
  /// The fuel on board at `now` (at or after the last settlement) without
  /// settling: what `settle(now)` would leave, for the ship's own reports.
  double fuel_at(core::SimTime now) const noexcept;
  double fuel_fraction() const noexcept { return fuel_ / class_->fuel_capacity_t; }
  double space_t() const noexcept { return class_->fuel_capacity_t - fuel_; }
  bool below_critical() const noexcept { return fuel_fraction() < class_->critical_fuel_fraction; }
  /// Below its class's replenish_at level (the critical level unless set).
  bool wants_fuel() const noexcept { return fuel_fraction() < class_->replenish_at(); }

  double cargo_t = 0.0;  // oilers: fuel carried for others
  ShipId unit;  // the ship in labels and trace records
  std::uint32_t index = 0;     // in the fleet (the world's per-ship tables)

  /// What the ship is doing, in words ("on patrol 'north' until D+1
  /// 06:00"), and the task it is working on (null between tasks): the
  /// reason a task is not done when the run ends.
  std::string doing;
  const void* current_task = nullptr;

  double distance_nm() const noexcept { return distance_nm_; }
  double consumed_t() const noexcept { return consumed_; }
  double received_t() const noexcept { return received_; }
  double hours_below_critical() const noexcept { return below_s_ / 3600.0; }

 private:
  std::string name_;
  const scenario::ShipClass* class_;
  LatLon pos_;
  struct Leg {
    LatLon to;
    core::SimTime depart;
    core::SimTime arrive;
    bool under_way = false;
  };
  Leg leg_;
  // The leg's great circle from pos_ to leg_.to, made by the first
  // position_at() inside the leg (observers sample a leg many times; the
  // model itself never asks).
  mutable std::optional<GreatCircle> leg_path_;
  std::vector<LatLon> route_;
  std::size_t next_waypoint_ = 0;
  double fuel_;
  double burn_tph_ = 0.0;
  core::SimTime settled_;
  std::uint32_t entity_;
  double distance_nm_ = 0.0;
  double consumed_ = 0.0;
  double received_ = 0.0;
  double below_s_ = 0.0;
  Instruments instruments_;
  std::function<void()> motion_hook_;
  bool published_below_ = false;  // counted in ships_below_critical

  void publish(core::SimTime now) noexcept;
};

}  // namespace drill::models
