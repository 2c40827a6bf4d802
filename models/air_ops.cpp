// Air processes: sorties (launch, transit, time on station, air-to-air
// refuelling, recovery, turnaround, failures and repair), the station
// keepers that hold coverage, and the schedulers of sortie-rate tasks.
// Owns the air wing's state (World::air); takes the bases' resources and
// stocks (World::bases); reports the air tasking's part of tasks
// (World::plan); asks for tankers through the logistics protocol.
#include <algorithm>
#include <cmath>
#include <optional>

#include "models/world.hpp"

namespace drill::models {

using core::Duration;
using core::Process;
using core::SimTime;
using scenario::TaskKind;
using World = DrillModel::World;

namespace {


/// Where a sortie is going and what it reports back to its tasking.
struct SortieOrder {
  TaskRt* task = nullptr;
  SimTime leave_by;                 // the end of the window it serves
  core::Signal* arrived = nullptr;  // notified once on station (may be null)
  SimTime* leave_time = nullptr;    // when it will leave station (written before `arrived`)
  bool counts_for_coverage = true;  // false for tankers supporting fighters
  // From an airfield to the task, taken once by a tasking that launches
  // many sorties; none when the base is a carrier, which moves.
  std::optional<double> airfield_nm;
};

/// From the squadron's base to the task when the base is an airfield: it
/// cannot change, so a tasking takes it once for all its sorties. None for
/// a carrier, which moves.
std::optional<double> airfield_distance_nm(const SquadronRt& sq, const TaskRt& t) noexcept {
  if (sq.base->carrier) return std::nullopt;
  return distance_nm(sq.base->position(), t.location);
}

void set_on_station(TaskRt& t, SimTime now, int delta) {
  t.on_station += delta;
  t.measures.on_station->set(now, t.on_station);
  if (t.covered) t.covered->set(now, std::min(t.on_station, t.required_on_station));
}

/// The coverage window has closed (at `now`): the fraction of the required
/// aircraft-hours that were on station in it.
void set_coverage(TaskRt& t, SimTime now) noexcept {
  const auto& cov = *t.spec->coverage;
  const SimTime end = std::min(now, cov.until);
  const double span = (end - cov.from).seconds();
  const double got = t.covered->integral(end) - t.coverage_start_integral;
  t.coverage = span > 0 ? std::clamp(got / (span * cov.on_station), 0.0, 1.0) : 0.0;
  t.measures.coverage->set(*t.coverage);
}

/// Hours the aircraft can stay on station after flying `transit_h` out,
/// keeping bingo fuel for the way back.
double endurance_h(const scenario::AircraftType& ty, double transit_h) {
  const double bingo = std::max(ty.bingo_fraction * ty.fuel_capacity_t, (1.0 + ty.return_reserve_fraction) * ty.burn_tph * transit_h);
  const double at_station = ty.fuel_capacity_t - ty.burn_tph * transit_h;
  return std::max(0.0, (at_station - bingo) / ty.burn_tph);
}

/// An aircraft's activity starts or ends now (a trace record when a
/// listener is set). The aircraft's processes mark their activities with
/// these calls where `ActivitySpan`s would start and end: a span lives in
/// the coroutine frame, and its end, one resumption later, reads the span
/// back from a frame line that has left the cache, for every activity of
/// every sortie, listener or not. The calls read only the world and the
/// aircraft, which the resumption has at hand. They end the activities that
/// spans would end, at the same points and in the same order, because these
/// processes always leave a scope by its end: nothing interrupts an
/// aircraft's processes, and a model error ends the run; a process cut off
/// when the model is destroyed is traced by neither (the model drops its
/// listener first).
void activity(World& w, const Aircraft& ac, Activity a, ActivityEdge edge, metrics::EntityRef related) {
  w.emit(ac.unit, a, edge, related);
}

/// `delta` aircraft of the squadron go down for repair (or come back, negative).
void change_down(World& w, SquadronRt& sq, int delta) noexcept {
  sq.measures.down->add(w.sim.now(), delta);
  sq.measures.mission_capable.change(w.sim.now(), delta);
  w.metrics.mission_capable.change(w.sim.now(), delta);
}

/// Turnaround, then the repair of the `failures` that happened in the
/// sortie just flown: one crew repairs them one after another, each with its
/// spares and its own repair time.
Process turnaround_and_repair(World& w, Aircraft& ac, double fuel_used_t, int failures) {
  SquadronRt& sq = *ac.squadron;
  AirBaseRt& base = *ac.base;
  const auto& ty = *ac.type;
  {
    activity(w, ac, Activity::waiting_for_resource, ActivityEdge::start, base.id);
    auto point = co_await base.fuel_points->acquire();
    activity(w, ac, Activity::waiting_for_resource, ActivityEdge::end, base.id);
    // Taking fuel from the stock, including any wait for it, is refuelling.
    activity(w, ac, Activity::refuelling, ActivityEdge::start, base.id);
    const double need = std::min(fuel_used_t, base.fuel->policy().capacity);
    if (need > 0) {
      co_await base.fuel->draw(need);
      w.metrics.fuel_issued_bases->add(need);
    }
    const double rate = base.spec->fuel_points.transfer_rate_tph;
    const Duration refuel = sq.refuel ? sample_duration(*sq.refuel, ac.rng)
                                      : (rate > 0 ? core::hours_f(need / rate) : Duration::zero());
    co_await w.sim.delay(refuel);
    activity(w, ac, Activity::refuelling, ActivityEdge::end, base.id);
  }
  co_await w.sim.delay(sample_duration(sq.servicing, ac.rng) + sample_duration(sq.inspection, ac.rng));
  if (failures > 0) {
    change_down(w, sq, +1);
    {
      activity(w, ac, Activity::waiting_for_resource, ActivityEdge::start, base.id);
      auto crew = co_await base.crews->acquire();
      activity(w, ac, Activity::waiting_for_resource, ActivityEdge::end, base.id);
      // Waiting for spares with a crew at work is part of the maintenance.
      activity(w, ac, Activity::maintenance, ActivityEdge::start, base.id);
      for (int i = 0; i < failures; ++i) {
        if (ty.spares_per_repair > 0) co_await base.spares->draw(ty.spares_per_repair);
        co_await w.sim.delay(sample_duration(sq.mttr, ac.rng));
      }
      activity(w, ac, Activity::maintenance, ActivityEdge::end, base.id);
    }
    change_down(w, sq, -1);
  }
  co_await sq.ready->put(&ac);
}

Process sortie(World& w, Aircraft& ac, SortieOrder order) {
  AirBaseRt& base = *ac.base;
  SquadronRt& sq = *ac.squadron;
  const auto& ty = *ac.type;
  TaskRt& task = *order.task;
  {
    activity(w, ac, Activity::waiting_for_resource, ActivityEdge::start, base.id);
    auto slot = co_await base.launch->acquire();
    activity(w, ac, Activity::waiting_for_resource, ActivityEdge::end, base.id);
    co_await w.sim.delay(base.spec->flight_ops.launch_slot);
  }
  const SimTime airborne = w.sim.now();
  const double dist = order.airfield_nm ? *order.airfield_nm : distance_nm(base.position(), task.location);
  const double transit_h = dist / ty.cruise_speed_kn;
  activity(w, ac, Activity::transit, ActivityEdge::start, task.id);
  co_await w.sim.delay(core::hours_f(transit_h));
  activity(w, ac, Activity::transit, ActivityEdge::end, task.id);

  double on_station_h = endurance_h(ty, transit_h);
  double refuelled_t = 0.0;
  if (sq.is_tanker()) {
    task.tanker_offload_left_t += *ty.tanker_offload_t;
    task.tanker_contact = ty.tanker_contact_time;  // the latest tanker on station serves
    ++task.tankers_on_station;
  } else if (task.tanker_offload_left_t > 0.0) {
    // Top up from the tanker on station instead of leaving at bingo.
    const double bingo_level = ty.fuel_capacity_t - on_station_h * ty.burn_tph - ty.burn_tph * transit_h;
    const double want = ty.fuel_capacity_t - bingo_level - ty.burn_tph * task.tanker_contact.hours();
    refuelled_t = std::clamp(want, 0.0, task.tanker_offload_left_t);
    task.tanker_offload_left_t -= refuelled_t;
    w.metrics.fuel_delivered_aar->add(refuelled_t);
    on_station_h += refuelled_t / ty.burn_tph;
  }
  const SimTime leave = std::max(w.sim.now(), std::min(w.sim.now() + core::hours_f(on_station_h), order.leave_by));
  if (order.leave_time) *order.leave_time = leave;
  if (order.counts_for_coverage) set_on_station(task, w.sim.now(), +1);
  if (order.arrived) order.arrived->notify_all();
  activity(w, ac, Activity::on_station, ActivityEdge::start, task.id);
  co_await w.sim.delay(leave - w.sim.now());
  activity(w, ac, Activity::on_station, ActivityEdge::end, task.id);
  if (order.counts_for_coverage) set_on_station(task, w.sim.now(), -1);
  if (sq.is_tanker() && --task.tankers_on_station == 0) task.tanker_offload_left_t = 0.0;

  // An airfield has not moved since take-off: the way back is the way out
  // (the great-circle distance is symmetric to the last bit). A carrier
  // has steamed on, so its distance is taken again.
  const double back_nm = base.carrier ? distance_nm(task.location, base.position()) : dist;
  const double back_h = back_nm / ty.cruise_speed_kn;
  activity(w, ac, Activity::transit, ActivityEdge::start, base.id);
  co_await w.sim.delay(core::hours_f(back_h));
  activity(w, ac, Activity::transit, ActivityEdge::end, base.id);
  {
    activity(w, ac, Activity::waiting_for_resource, ActivityEdge::start, base.id);
    auto slot = co_await base.recovery->acquire();
    activity(w, ac, Activity::waiting_for_resource, ActivityEdge::end, base.id);
    co_await w.sim.delay(base.spec->flight_ops.recovery_slot);
  }
  const Duration flight = w.sim.now() - airborne;
  const double flight_h = flight.hours();
  const double used = std::min(ty.burn_tph * flight_h, ty.fuel_capacity_t + refuelled_t);
  w.metrics.fuel_consumed_aircraft->add(used);
  sq.measures.flight_time_s->add(flight.seconds());
  sq.measures.sorties->add();
  sq.measures.sorties_per_aircraft->add(1.0 / static_cast<double>(sq.aircraft.size()));
  w.metrics.sorties_flown->add();
  w.metrics.sorties_per_aircraft->add(1.0 / static_cast<double>(w.metrics.mission_capable.aircraft));
  if (task.measures.sorties_flown) task.measures.sorties_flown->add();
  // Failures come after exponential flight hours: the hours of this sortie
  // use up the time to failure, every failure in them counts, and the hours
  // left after the last one carry over to the next time to failure, so the
  // mean flight hours between failures is the MTBF.
  ac.hours_to_failure -= flight_h;
  int failures = 0;
  while (ac.hours_to_failure <= 0.0) {
    ++failures;
    ac.hours_to_failure += core::Distribution::exponential(ty.mtbf.hours()).sample(ac.rng);
  }
  sq.measures.failures->add(failures);
  co_await w.sim.join(
      w.sim.spawn(turnaround_and_repair(w, ac, std::min(used, ty.fuel_capacity_t), failures), ac.entity));
}

/// Suspends until every task `t` depends on is done.
Process await_dependencies(World& w, TaskRt& t) {
  for (const auto& dep : t.spec->depends_on) {
    TaskRt& d = *w.plan.by_name.find(dep)->second;
    while (!d.done) co_await d.done_signal->wait();
  }
}

/// Keeps one of a coverage task's stations manned: each relief is timed to
/// arrive as the aircraft on station leaves. A relief that cannot launch in
/// time (no aircraft ready, queues at the runway) shows as a coverage gap.
Process station_keeper(World& w, TaskRt& t, SquadronRt& sq, bool counts_for_coverage) {
  co_await w.sim.join(w.sim.spawn(await_dependencies(w, t)));
  // A tanker supporting fighters flies once the logistics cell's order,
  // sent on the fighters' request, has reached its squadron
  // (logistics_protocol.hpp).
  if (sq.is_tanker() && !counts_for_coverage) co_await w.sim.join(w.sim.spawn(await_tanker_order(w, t, sq)));
  const auto& cov = *t.spec->coverage;
  const auto& ty = *sq.type;
  const std::optional<double> airfield_nm = airfield_distance_nm(sq, t);
  SimTime target = cov.from;
  while (target < cov.until) {
    const double transit_h =
        (airfield_nm ? *airfield_nm : distance_nm(sq.base->position(), t.location)) / ty.cruise_speed_kn;
    const SimTime launch_at = target - core::hours_f(transit_h) - sq.base->spec->flight_ops.launch_slot;
    ++t.sorties_planned;
    w.metrics.sorties_planned->add(1.0);
    t.measures.sorties_planned->set(t.sorties_planned);
    if (launch_at > w.sim.now()) co_await w.sim.delay(launch_at - w.sim.now());
    Aircraft* ac = *co_await sq.ready->get();
    // An aircraft ready too late to reach the station before the window
    // closes stays on the ground: flying it would add a sortie and fuel but
    // no coverage.
    if (w.sim.now() + sq.base->spec->flight_ops.launch_slot + core::hours_f(transit_h) >= cov.until) {
      sq.ready->try_put(ac);
      break;
    }
    core::Signal arrived(w.sim);
    SimTime leave = cov.until;
    w.sim.spawn(sortie(w, *ac, SortieOrder{&t, cov.until, &arrived, &leave, counts_for_coverage, airfield_nm}),
                ac->entity);
    co_await arrived.wait();
    if (leave <= w.sim.now()) break;  // cannot stay on station at all: the plan is infeasible
    target = leave;
  }
}

/// Launches a task's sorties at a steady rate through its window.
Process sortie_scheduler(World& w, TaskRt& t, SquadronRt& sq, double per_day) {
  const Duration interval = core::hours_f(24.0 / per_day);
  const SimTime horizon = core::at(w.spec.drill.horizon);
  const SimTime end = std::min(t.spec->deadline, horizon);
  // Planned is every slot in the window, whether or not an aircraft is
  // ready for it: a squadron that cannot keep up shows as planned > flown.
  int slots = 0;
  for (SimTime slot = t.spec->earliest_start; slot < end; slot += interval) ++slots;
  t.sorties_planned += slots;
  w.metrics.sorties_planned->add(slots);
  t.measures.sorties_planned->set(t.sorties_planned);
  co_await w.sim.join(w.sim.spawn(await_dependencies(w, t)));
  const std::optional<double> airfield_nm = airfield_distance_nm(sq, t);
  for (SimTime slot = t.spec->earliest_start; slot < end; slot += interval) {
    if (slot > w.sim.now()) co_await w.sim.delay(slot - w.sim.now());
    if (w.sim.now() >= end) break;  // the dependencies finished after the window
    Aircraft* ac = *co_await sq.ready->get();
    if (w.sim.now() >= end) {
      // Ready only after the deadline: a launch now could not serve the task.
      sq.ready->try_put(ac);
      break;
    }
    if (w.sim.now() >= slot + interval) {  // launched a whole slot late
      ++t.late_parts;
      ++t.late_sorties;
    }
    w.sim.spawn(sortie(w, *ac, SortieOrder{&t, t.spec->deadline, nullptr, nullptr, true, airfield_nm}), ac->entity);
  }
}

}  // namespace

void start_air(World& w) {
  for (auto& tp : w.plan.tasks) {
    TaskRt& t = *tp;
    std::vector<SquadronRt*> fighters, tankers;
    for (const auto& p : t.spec->participants) {
      auto it = w.air.by_name.find(p);
      if (it == w.air.by_name.end()) continue;
      (it->second->is_tanker() ? tankers : fighters).push_back(it->second);
    }
    if (fighters.empty() && tankers.empty()) continue;
    ++t.pending_parts;  // the air tasking as a whole
    SimTime air_end = t.spec->deadline;
    if (t.spec->coverage) {
      const auto& cov = *t.spec->coverage;
      air_end = cov.until;
      t.required_on_station = cov.on_station;
      t.covered = std::make_unique<core::TimeWeighted>(w.sim.now(), 0.0);
      TaskRt* task = &t;
      w.sim.schedule_at(std::max(w.sim.now(), cov.from),
                        [task, &w] { task->coverage_start_integral = task->covered->integral(w.sim.now()); });
      const auto& pool = fighters.empty() ? tankers : fighters;
      for (int i = 0; i < cov.on_station; ++i) {
        SquadronRt& sq = *pool[static_cast<std::size_t>(i) % pool.size()];
        // Planned sorties are the reliefs the station keepers schedule.
        w.sim.spawn(station_keeper(w, t, sq, true), w.entity());
      }
      if (!fighters.empty()) {
        for (SquadronRt* tk : tankers) w.sim.spawn(station_keeper(w, t, *tk, false), w.entity());
        if (!tankers.empty()) w.sim.spawn(request_tankers(w, t, *fighters.front(), *tankers.front()), w.entity());
      }
    } else {
      const double per_day = t.spec->sorties_per_day.value_or(0.0);
      if (per_day > 0)
        for (SquadronRt* sq : fighters) w.sim.spawn(sortie_scheduler(w, t, *sq, per_day), w.entity());
    }
    TaskRt* task = &t;
    t.air_working = true;
    t.air_end = air_end;
    w.sim.schedule_at(std::max(w.sim.now(), air_end), [task, &w] {
      task->air_working = false;
      if (task->covered) set_coverage(*task, w.sim.now());
      w.part_done(*task, false);
    });
  }
}

}  // namespace drill::models
