// The air model against hand arithmetic and queueing theory: turnaround
// length, sortie generation rate, mission-capable rate under failures, fuel
// point waits (Erlang C) and on-station coverage.
//
// One airfield and one station 0.5 degrees of latitude to its north; the
// aircraft type's numbers are repeated in `Jet` below, which derives every
// leg of a sortie the way the drill's documented rules state them. Times in
// the kernel are whole microseconds, each delay rounded to the nearest tick,
// so instants are checked a millisecond either side of the computed time.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/distributions.hpp"
#include "core/process.hpp"
#include "core/resource.hpp"
#include "models/geo.hpp"
#include "models/stock.hpp"
#include "tests/models/drill_run.hpp"

namespace drill::models {
namespace {

using testing::DrillRun;

constexpr LatLon kBase{57.0, -3.0};
constexpr LatLon kStation{57.5, -3.0};
constexpr core::Duration kMargin = core::milliseconds(1);

/// The sortie of the test aircraft type, in hours, from the drill's numbers.
struct Jet {
  static constexpr double kCruiseKn = 300.0, kCapacityT = 6.0, kBurnTph = 3.0, kBingo = 0.25;
  static constexpr double kLaunchH = 2.0 / 60.0, kRecoveryH = 3.0 / 60.0;  // runway slots
  static constexpr double kFuelPointTph = 40.0;
  static constexpr double kServicingH = 0.5, kInspectionH = 0.25;

  double transit = distance_nm(kBase, kStation) / kCruiseKn;
  // Bingo is the larger of the bingo fraction and the return leg plus 10 %.
  double bingo_t = std::max(kBingo * kCapacityT, 1.1 * kBurnTph * transit);
  double on_station = (kCapacityT - kBurnTph * transit - bingo_t) / kBurnTph;

  /// Airborne time, counted from the end of the launch slot to the end of
  /// the recovery slot, for a sortie that stays `station_h` on station.
  double flight(double station_h) const { return 2.0 * transit + station_h + kRecoveryH; }
  double fuel_used(double station_h) const { return std::min(kBurnTph * flight(station_h), kCapacityT); }
  /// Refuel (the fuel used at the fuel point's rate) + servicing + inspection.
  double turnaround(double station_h) const {
    return fuel_used(station_h) / kFuelPointTph + kServicingH + kInspectionH;
  }
  /// Launch slot + flight + turnaround of a full sortie: one aircraft's cycle
  /// when it is launched again as soon as it is ready.
  double cycle() const { return kLaunchH + flight(on_station) + turnaround(on_station); }
};

struct AirDrill {
  int aircraft = 1;
  int runway = 1;       // launch and recovery capacity
  int fuel_points = 1;
  int crews = 1;
  std::string failures{};  // extra keys of the aircraft type
  std::string horizon = "1d";
  std::string task{};      // one task, a flow mapping
};

std::string yaml(const AirDrill& d) {
  const std::string n = std::to_string(d.aircraft);
  return R"(
drill: {name: air, horizon: )" + d.horizon + R"(}
geography:
  points:
    - {name: home_field, lat: 57.0, lon: -3.0}
    - {name: station, lat: 57.5, lon: -3.0}
bases:
  airfields:
    - name: home
      position: home_field
      runway: {launch_capacity: )" + std::to_string(d.runway) + ", recovery_capacity: " + std::to_string(d.runway) +
         R"(, launch_slot: 2min, recovery_slot: 3min}
      fuel_points: {count: )" + std::to_string(d.fuel_points) + R"(, transfer_rate: 40 t/h}
      maintenance_crews: )" + std::to_string(d.crews) + R"(
      spares: {count: 0}
      fuel: {capacity: 1000000 t}
air:
  types:
    - name: jet
      cruise_speed: 300 kn
      fuel_capacity: 6 t
      fuel_burn: 3 t/h
      bingo: 25%
      turnaround: {servicing: 30min, inspection: 15min}
)" + d.failures + R"(
  squadrons:
    - {name: sq, type: jet, base: home, count: )" + n + R"(}
plan:
  tasks:
    - )" + d.task + "\n";
}

/// A sortie-rate task asking for far more sorties than the squadron can fly
/// (one a minute), so every aircraft is launched again as soon as it is ready.
const std::string kSortiesFlatOut =
    "{name: flat_out, kind: maritime_patrol, participants: [sq], location: station, sorties_per_day: 1440}";

core::SimTime at_hours(double h) { return core::at(core::hours_f(h)); }

TEST(Air, Jet_SortieLegsFollowFromTheTypesNumbers) {
  // Guards the hand arithmetic the other tests rely on.
  const Jet j;
  EXPECT_NEAR(j.transit, 0.1, 1e-3);  // ~30 nm at 300 kn
  EXPECT_DOUBLE_EQ(j.bingo_t, 1.5);   // 25 % of 6 t exceeds the return leg's fuel
  EXPECT_NEAR(j.on_station, (6.0 - 0.3 - 1.5) / 3.0, 1e-3);
}

TEST(Air, Turnaround_LastsRefuelAtTransferRatePlusServicingPlusInspection) {
  DrillRun run(yaml({.task = kSortiesFlatOut}));
  const Jet j;
  // First sortie: launched at 0, recovered after launch slot + flight.
  const double recovered = Jet::kLaunchH + j.flight(j.on_station);
  const double turnaround = j.turnaround(j.on_station);
  // The sortie burns everything above bingo plus the transit out and the
  // recovery slot: 6 - 1.5 + 3 (transit + 0.05) t, taken at 40 t/h.
  EXPECT_NEAR(j.fuel_used(j.on_station), 4.5 + 3.0 * (j.transit + 0.05), 1e-12);
  EXPECT_NEAR(turnaround, (4.5 + 3.0 * (j.transit + 0.05)) / 40.0 + 0.5 + 0.25, 1e-12);

  testing::Results m = run.run_until(at_hours(recovered) - kMargin);
  EXPECT_EQ(m.value("sorties_flown"), 0);
  m = run.run_until(at_hours(recovered) + kMargin);
  EXPECT_EQ(m.value("sorties_flown"), 1);
  EXPECT_EQ(m("resource_wait", {"home", "fuel_points"}).count, 1u);

  // The second launch takes the runway exactly one turnaround after recovery.
  m = run.run_until(at_hours(recovered + turnaround) - kMargin);
  EXPECT_EQ(m("resource_wait", {"home", "launch"}).count, 1u);
  EXPECT_NEAR(m.value("fuel_issued_bases"), j.fuel_used(j.on_station), 1e-9);
  // The fuel point was busy for the refuel only: amount / transfer rate.
  const double now_h = m.end().hours();
  EXPECT_NEAR(m("resource_utilisation", {"home", "fuel_points"}).mean * now_h, j.fuel_used(j.on_station) / 40.0, 1e-6);

  m = run.run_until(at_hours(recovered + turnaround) + kMargin);
  EXPECT_EQ(m("resource_wait", {"home", "launch"}).count, 2u);
}

TEST(Air, SortieRate_MatchesTwentyFourHoursOverTheCycleWhenNothingQueuesOrFails) {
  // Four aircraft, no failures (no mtbf), a runway, fuel points and crews
  // for all of them: nothing waits, so each aircraft flies back to back and
  // SR = 24 h / (launch + flight + turnaround), maintenance time being zero.
  constexpr int kAircraft = 4;
  constexpr double kDays = 10.0;
  DrillRun run(yaml({.aircraft = kAircraft,
                     .runway = kAircraft,
                     .fuel_points = kAircraft,
                     .crews = kAircraft,
                     .horizon = "10d",
                     .task = kSortiesFlatOut}));
  const Jet j;
  const double cycle = j.cycle();
  const double tat = j.turnaround(j.on_station);
  const double horizon_h = kDays * 24.0;

  // Aircraft i first launches at the i-th one-minute slot; its k-th recovery
  // is at i/60 + k cycle - turnaround. Sorties on station at the horizon are
  // cut short there and land after it, so they do not count.
  int expected = 0;
  for (int i = 0; i < kAircraft; ++i) expected += static_cast<int>(std::floor((horizon_h + tat - i / 60.0) / cycle));

  const testing::Results m = run.run_to_horizon();
  EXPECT_EQ(m.value("sorties_flown"), expected);
  EXPECT_EQ(m.value("aircraft_failures", {"sq"}), 0);
  EXPECT_DOUBLE_EQ(m("mission_capable").mean, 1.0);
  // The sortie generation rate: sorties per aircraft, per day of the run.
  const double per_aircraft_day = m.value("sorties_per_aircraft") / kDays;
  EXPECT_NEAR(per_aircraft_day, expected / (kAircraft * kDays), 1e-12);
  // Against the formula: each aircraft is short of H / cycle by less than
  // one partial last cycle.
  const double sr = 24.0 / cycle;
  EXPECT_NEAR(per_aircraft_day, sr, 1.0 / kDays);
  for (const char* r : {"launch", "recovery", "fuel_points", "maintenance_crews"})
    EXPECT_EQ(m("resource_wait", {"home", r}).max, 0.0) << r;
}

TEST(Air, SortieRate_LaunchesNothingAfterTheTaskDeadline) {
  // Flat out until 12:00 on a one-day drill: aircraft that become ready
  // after the deadline stay on the ground; the sorties launched before it
  // all land well before the horizon. The plan asked for one sortie a
  // minute over 12 hours, and that is what counts as planned.
  DrillRun run(yaml({.aircraft = 4,
                     .runway = 4,
                     .fuel_points = 4,
                     .crews = 4,
                     .task = "{name: morning, kind: maritime_patrol, participants: [sq], location: station, "
                             "deadline: D+0 12:00, sorties_per_day: 1440}"}));
  const testing::Results at_deadline = run.run_until(at_hours(12.0));
  const std::uint64_t launched = at_deadline("resource_wait", {"home", "launch"}).count;
  const testing::Results m = run.run_to_horizon();
  EXPECT_EQ(m("resource_wait", {"home", "launch"}).count, launched);
  EXPECT_EQ(static_cast<std::uint64_t>(m.value("sorties_flown")), launched);
  EXPECT_EQ(m.value("task_sorties_planned", {"morning"}), 12 * 60);
  EXPECT_EQ(m.value("sorties_planned"), 12 * 60);
}

TEST(Air, MissionCapableRate_MatchesAvailabilityWhenCrewsAndSparesAreNotTheBottleneck) {
  // Failures after exponential flight hours (MTBF 20 h), found after the
  // sortie's turnaround and repaired one after another in exponential time
  // (MTTR 6 h) by one crew per aircraft, with no spares needed: no aircraft
  // ever waits.
  constexpr int kAircraft = 8;
  constexpr double kDays = 365.0;
  constexpr double kMtbfH = 20.0, kMttrH = 6.0;
  DrillRun run(yaml({.aircraft = kAircraft,
                     .runway = kAircraft,
                     .fuel_points = kAircraft,
                     .crews = kAircraft,
                     .failures = "      mtbf: 20h\n      mttr: \"exponential(mean: 6h)\"\n      spares_per_repair: 0",
                     .horizon = "365d",
                     .task = kSortiesFlatOut}),
               2024);
  const Jet j;
  const double cycle = j.cycle();
  const double f = j.flight(j.on_station);

  // Failures form a Poisson process in flight hours (rate 1 / MTBF), so the
  // failures of one sortie are Poisson with mean lambda = f / MTBF, and their
  // repairs add S = D_1 + ... + D_N of down time to the sortie's cycle:
  // E[S] = lambda MTTR, Var[S] = lambda E[D^2] = 2 lambda MTTR^2. Each
  // sortie is a renewal cycle Y = cycle + S; availability = 1 - E[S] / E[Y],
  // which is the textbook MTBF * cycle / f / (MTBF * cycle / f + MTTR).
  const double lambda = f / kMtbfH;
  const double mean_s = lambda * kMttrH, var_s = 2.0 * lambda * kMttrH * kMttrH;
  const double mean_y = cycle + mean_s;
  const double availability = 1.0 - mean_s / mean_y;
  const double up = kMtbfH * cycle / f;
  EXPECT_NEAR(availability, up / (up + kMttrH), 1e-12);
  const double sr = 24.0 / mean_y;  // sorties per aircraft-day

  // Standard errors by renewal-reward over n cycles. Down fraction d: the
  // variance of S - d Y is Var[S] (1 - d)^2, since Y = cycle + S; sorties
  // per hour r = 1 / E[Y]: the variance of 1 - r Y is r^2 Var[S].
  const double n = kAircraft * kDays * 24.0 / mean_y;
  const double down = mean_s / mean_y;
  const double se_mc = std::sqrt(var_s * (1.0 - down) * (1.0 - down) / n) / mean_y;
  const double se_sr = 24.0 * std::sqrt(var_s / (mean_y * mean_y) / n) / mean_y;

  const testing::Results m = run.run_to_horizon();
  EXPECT_GT(m.value("aircraft_failures", {"sq"}), 1000);
  // Fixed seed, so deterministic; four standard errors leave room for any seed.
  EXPECT_NEAR(m("mission_capable").mean, availability, 4.0 * se_mc);
  EXPECT_NEAR(m.value("sorties_per_aircraft") / kDays, sr, 4.0 * se_sr);
  EXPECT_LT(4.0 * se_mc, 0.02);  // the check keeps its teeth
  EXPECT_EQ(m("resource_wait", {"home", "maintenance_crews"}).max / 60.0, 0.0);
}

TEST(Air, Mtbf_IsTheMeanFlightHoursBetweenFailures) {
  // MTBF 4 h against sorties of ~1.65 flight hours: a quarter of the time to
  // failure is left over after a typical failing sortie, and sorties with
  // two failures are common, so dropping either would show. Over the run the
  // failures are a Poisson count in the flight hours flown: N ~ Poisson(H /
  // MTBF), and H / N lies within MTBF (1 +- 4 / sqrt(N)).
  constexpr double kMtbfH = 4.0;
  DrillRun run(yaml({.aircraft = 8,
                     .runway = 8,
                     .fuel_points = 8,
                     .crews = 8,
                     .failures = "      mtbf: 4h\n      mttr: 1h\n      spares_per_repair: 0",
                     .horizon = "200d",
                     .task = kSortiesFlatOut}),
               77);
  const testing::Results m = run.run_to_horizon();
  const double failures = m.value("aircraft_failures", {"sq"});
  ASSERT_GT(failures, 3000);
  const double per_failure = m.value("flight_time", {"sq"}) / 3600.0 / failures;
  const double tolerance = 4.0 * kMtbfH / std::sqrt(failures);
  EXPECT_NEAR(per_failure, kMtbfH, tolerance);
  EXPECT_LT(tolerance, 0.1 * kMtbfH);  // tight enough to see a 10 % bias
  // More failures than sorties can have only if one sortie may hold several.
  EXPECT_GT(failures, 0.3 * m.value("squadron_sorties_flown", {"sq"}));
}

TEST(Air, ARepairWaitingForSparesThatNeverComeIsAWaitInProgressAtTheEnd) {
  // No spares on the shelf and none ordered; an MTBF of one minute makes a
  // failure in the first sortie certain. After landing and its turnaround
  // the aircraft takes the crew and waits for a part until the horizon: the
  // wait was never granted, so only the in-progress figures can show it.
  DrillRun run(yaml({.failures = "      mtbf: 1min\n      mttr: 1h\n      spares_per_repair: 1", .task = kSortiesFlatOut}));
  const Jet j;
  const double waits_from = Jet::kLaunchH + j.flight(j.on_station) + j.turnaround(j.on_station);
  const testing::Results m = run.run_to_horizon();
  EXPECT_EQ(m("stock_waiting", {"home/spares"}).value, 1.0);
  EXPECT_NEAR((m.end().seconds() - m.value("stock_oldest_wait_start", {"home/spares"})) / 60.0,
              (24.0 - waits_from) * 60.0, 1e-6);
  EXPECT_EQ(m("stock_wait", {"home/spares"}).count, 0u);  // nothing granted
  EXPECT_EQ(m.value("stock_orders", {"home/spares"}), 0.0);  // never resupplied
  EXPECT_EQ(m.value("sorties_flown"), 1);
  // The crew is held, not waited for: one aircraft, one crew.
  EXPECT_EQ(m("resource_queue", {"home", "maintenance_crews"}).value, 0u);
}

/// Erlang C: probability that an arrival waits in an M/M/c queue with
/// offered load `a` = lambda / mu.
double erlang_c(int c, double a) {
  double term = 1.0, sum = 1.0;
  for (int k = 1; k < c; ++k) {
    term *= a / k;
    sum += term;
  }
  const double top = term * a / c / (1.0 - a / c);
  return top / (sum + top);
}

TEST(Air, FuelPoints_MeanWaitMatchesErlangCForPoissonArrivalsAndExponentialService) {
  // The model's airfield cannot be given Poisson arrivals: its aircraft
  // cycle in a closed loop, so arrivals at the fuel points depend on how
  // many aircraft are already there. The check is therefore built from the
  // components the airfield's turnaround uses, in the same way: a fuel
  // point (core::Resource) held while the aircraft draws its fuel from the
  // base stock (models::Stock) and takes it at the transfer rate. Arrivals
  // are Poisson; fuel needed is exponential, so service is exponential.
  constexpr int kPoints = 3;
  constexpr double kRateTph = 40.0, kMeanFuelT = 5.0;
  constexpr double kMu = kRateTph / kMeanFuelT;  // 8 services an hour
  constexpr double kLambda = 19.2;               // an hour: a = 2.4, rho = 0.8
  const double expected_wait_h = erlang_c(kPoints, kLambda / kMu) / (kPoints * kMu - kLambda);

  core::Simulation sim(core::SimulationOptions{.seed = 99});
  core::Resource points(sim, "field/fuel_points", {.capacity = kPoints});
  Stock fuel(sim, "field/fuel", StockPolicy{1e9, 1e9, 0.0, 0.0, core::Distribution::constant(0.0)}, 1);
  struct Field {
    core::Simulation& sim;
    core::Resource& points;
    Stock& fuel;
  } field{sim, points, fuel};
  auto aircraft = [](Field& f, double need_t) -> core::Process {
    auto point = co_await f.points.acquire();
    co_await f.fuel.draw(need_t);
    co_await f.sim.delay(core::hours_f(need_t / kRateTph));
  };
  auto arrivals = [](Field& f, auto aircraft_fn) -> core::Process {
    core::RandomStream gaps = f.sim.stream("arrivals"), needs = f.sim.stream("fuel needed");
    const auto gap = core::Distribution::exponential(1.0 / kLambda);
    const auto need = core::Distribution::exponential(kMeanFuelT);
    for (;;) {
      co_await f.sim.delay(core::hours_f(gap.sample(gaps)));
      f.sim.spawn(aircraft_fn(f, need.sample(needs)));
    }
  };
  sim.spawn(arrivals(field, aircraft));

  // Waits are autocorrelated, so the standard error comes from batch means:
  // 20 consecutive batches of 500 hours (~9,600 aircraft each).
  constexpr int kBatches = 20;
  constexpr double kBatchH = 500.0;
  std::vector<double> batch_means;
  double sum_before = 0.0;
  std::uint64_t count_before = 0;
  for (int b = 1; b <= kBatches; ++b) {
    sim.run_until(at_hours(b * kBatchH));
    const double sum = points.waits().mean() * static_cast<double>(points.waits().count());
    const std::uint64_t count = points.waits().count();
    batch_means.push_back((sum - sum_before) / static_cast<double>(count - count_before));
    sum_before = sum;
    count_before = count;
  }
  double mean = 0.0;
  for (double x : batch_means) mean += x;
  mean /= kBatches;
  double ss = 0.0;
  for (double x : batch_means) ss += (x - mean) * (x - mean);
  const double se = std::sqrt(ss / (kBatches - 1) / kBatches);

  const double wait_h = points.waits().mean() / 3600.0;
  EXPECT_GT(points.waits().count(), 150'000u);
  EXPECT_NEAR(wait_h, expected_wait_h, 4.0 * se / 3600.0) << "se " << se / 3600.0;  // four standard errors
  EXPECT_LT(4.0 * se / 3600.0, 0.15 * expected_wait_h);       // and that is tight
  EXPECT_NEAR(points.utilisation(), kLambda / kMu / kPoints, 0.01);
  EXPECT_NEAR(fuel.container().total_got(), kMeanFuelT * static_cast<double>(points.grants()),
              0.02 * kMeanFuelT * static_cast<double>(points.grants()));
}

std::string coverage_task(int on_station) {
  return "{name: cap, kind: air_coverage, participants: [sq], location: station, coverage: {on_station: " +
         std::to_string(on_station) + ", from: D+0 06:00, until: D+0 18:00}}";
}

TEST(Air, Coverage_IsCompleteWhenEnoughAircraftRelieveEachOtherOnStation) {
  // A relief needs the previous aircraft back and turned around before it
  // is due to launch: E >= 2 transit + recovery + turnaround + launch, which
  // holds, so two aircraft keep one on station throughout.
  const Jet j;
  ASSERT_GE(j.on_station, 2.0 * j.transit + Jet::kRecoveryH + j.turnaround(j.on_station) + Jet::kLaunchH);
  DrillRun run(yaml({.aircraft = 2, .task = coverage_task(1)}));
  const testing::Results m = run.run_to_horizon();
  const TaskOutcome& cap = m.task("cap");
  EXPECT_NEAR(m.value("task_coverage", {"cap"}), 1.0, 1e-9);
  EXPECT_TRUE(cap.on_time);
  // 12 h at ~1.4 h a sortie.
  EXPECT_EQ(m.value("task_sorties_flown", {"cap"}), std::ceil(12.0 / j.on_station));
}

TEST(Air, Coverage_ShowsTheGapWhileASingleAircraftTurnsAround) {
  DrillRun run(yaml({.aircraft = 1, .task = coverage_task(1)}));
  const Jet j;
  // Each relief launches once the lone aircraft is ready again and reaches
  // the station a launch slot and a transit later; sorties cut short by the
  // window's end use less fuel, hence a shorter turnaround.
  const double from = 6.0, until = 18.0;
  double covered = 0.0;
  int sorties = 0;
  double arrive = from;
  while (arrive < until) {
    const double leave = std::min(arrive + j.on_station, until);
    covered += leave - arrive;
    ++sorties;
    const double ready = leave + j.transit + Jet::kRecoveryH + j.turnaround(leave - arrive);
    const double relief_due = leave - j.transit - Jet::kLaunchH;
    arrive = std::max(ready, relief_due) + Jet::kLaunchH + j.transit;
  }
  const double expected = covered / (until - from);
  ASSERT_LT(expected, 0.7);

  const testing::Results m = run.run_to_horizon();
  const TaskOutcome& cap = m.task("cap");
  EXPECT_NEAR(m.value("task_coverage", {"cap"}), expected, 1e-6);
  EXPECT_FALSE(cap.on_time);
  // No relief is sent once it could only arrive after the window closes.
  EXPECT_EQ(m.value("task_sorties_flown", {"cap"}), sorties);
  EXPECT_EQ(m("resource_wait", {"home", "launch"}).count, static_cast<std::uint64_t>(sorties));
}

}  // namespace
}  // namespace drill::models
