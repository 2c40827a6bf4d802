// Validation warnings: drills that load and run but are rarely what the
// author meant. A warning never makes a drill invalid.
#include <string>

#include <gtest/gtest.h>

#include "models/scenario/load_drill.hpp"

namespace drill::models::scenario {
namespace {

// One airfield with a squadron, a frigate, an oiler and a port with fuel.
// Each test changes one line.
constexpr std::string_view kBase = R"(drill: {name: t, horizon: 2d}
geography:
  points:
    - {name: home, lat: 57.7, lon: -3.3}
    - {name: sea, lat: 58.0, lon: -2.0}
  areas:
    - {name: box, centre: sea, radius: 20 nm}
bases:
  airfields:
    - name: lossie
      position: home
      runway: {launch_slot: 2min, recovery_slot: 3min}
      fuel_points: {count: 2, transfer_rate: 40 t/h}
      maintenance_crews: 2
      spares: {count: 4, reorder_point: 2, resupply_quantity: 4, lead_time: 1d}
      fuel: {capacity: 500 t, reorder_point: 100 t, resupply_quantity: 300 t, lead_time: 1d}
  ports:
    - {name: rosyth, position: home, fuel: {capacity: 5000 t}}
naval:
  classes:
    - {name: t23, max_speed: 28 kn, cruise_speed: 15 kn, fuel_capacity: 450 t, burn_at_max: 8 t/h, hotel: 0.5 t/h}
    - name: tide
      max_speed: 18 kn
      cruise_speed: 14 kn
      fuel_capacity: 1800 t
      burn_at_max: 6 t/h
      hotel: 0.8 t/h
      oiler: {cargo_fuel: 19000 t, transfer_rate: 350 t/h, connect_time: 25min, disconnect_time: 15min}
  units:
    - {name: argyll, class: t23, start: home}
    - {name: tidespring, class: tide, start: home}
air:
  types:
    - {name: FA18, cruise_speed: 480 kn, fuel_capacity: 6.5 t, fuel_burn: 3.2 t/h, mtbf: 20h, mttr: 4h, spares_per_repair: 2}
  squadrons:
    - {name: vfa_1, type: FA18, base: lossie, count: 4}
)";

std::string with(std::string_view from, std::string_view to, std::string text = std::string(kBase)) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::vector<Diagnostic> warnings(const std::string& text) {
  const LoadResult r = load_drill_from_string(text, "drill.yaml");
  EXPECT_TRUE(r.ok()) << format(r.diagnostics);
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : r.diagnostics)
    if (d.severity == Severity::warning) out.push_back(d);
  return out;
}

const Diagnostic* at_path(const std::vector<Diagnostic>& ds, std::string_view path) {
  for (const Diagnostic& d : ds)
    if (d.path == path) return &d;
  return nullptr;
}

TEST(Warnings, BaseDrillHasNone) {
  const auto w = warnings(std::string(kBase));
  EXPECT_TRUE(w.empty()) << format(w);
}

TEST(Warnings, FuelReorderPointBelowAFullLoadOfABasedTypeIsReported) {
  const auto w = warnings(with("reorder_point: 100 t", "reorder_point: 5 t"));
  ASSERT_EQ(w.size(), 1u) << format(w);
  EXPECT_EQ(w[0].path, "bases.airfields[0].fuel.reorder_point");
  EXPECT_EQ(w[0].line, 16);
  EXPECT_NE(w[0].message.find("below the largest single draw, 6.5 t"), std::string::npos) << format(w[0]);
}

TEST(Warnings, SparesReorderPointBelowOneRepairIsReported) {
  // The base reorders at 2 parts and a repair takes 2: no warning. A repair
  // of 3 parts could find 2 on the shelf, wait, and only then reorder.
  const auto w = warnings(with("spares_per_repair: 2", "spares_per_repair: 3"));
  ASSERT_EQ(w.size(), 1u) << format(w);
  EXPECT_EQ(w[0].path, "bases.airfields[0].spares.reorder_point");
  EXPECT_EQ(w[0].line, 15);
  EXPECT_NE(w[0].message.find("largest single draw, 3 parts"), std::string::npos) << format(w[0]);
}

TEST(Warnings, AStockThatIsNeverResuppliedIsNotWarnedAbout) {
  const auto w = warnings(with("fuel: {capacity: 500 t, reorder_point: 100 t, resupply_quantity: 300 t, lead_time: 1d}",
                               "fuel: {capacity: 500 t}"));
  EXPECT_EQ(at_path(w, "bases.airfields[0].fuel.reorder_point"), nullptr) << format(w);
}

TEST(Warnings, OverlappingTaskWindowsOfOneShipAreReportedUnlessADependencyOrdersThem) {
  const std::string tasks =
      "plan:\n  tasks:\n"
      "    - {name: first, kind: patrol, participants: [argyll], location: box, deadline: D+1 00:00}\n"
      "    - {name: second, kind: patrol, participants: [argyll], location: box, earliest_start: D+0 12:00}\n";
  const auto w = warnings(std::string(kBase) + tasks);
  ASSERT_EQ(w.size(), 1u) << format(w);
  EXPECT_EQ(w[0].path, "plan.tasks[1]");
  EXPECT_NE(w[0].message.find("'argyll' takes part in 'first' (D+0 00:00:00 to D+1 00:00:00) and 'second' "
                              "(D+0 12:00:00 to D+2 00:00:00), whose windows overlap"),
            std::string::npos)
      << format(w[0]);
  // Ordered by a dependency, the overlap is intended.
  const auto ordered = warnings(std::string(kBase) + tasks.substr(0, tasks.size() - 2) + ", depends_on: [first]}\n");
  EXPECT_TRUE(ordered.empty()) << format(ordered);
  // Windows that follow each other do not overlap.
  const auto apart = warnings(
      std::string(kBase) + "plan:\n  tasks:\n"
                           "    - {name: first, kind: patrol, participants: [argyll], location: box, deadline: D+1 00:00}\n"
                           "    - {name: second, kind: patrol, participants: [argyll], location: box, "
                           "earliest_start: D+1 00:00}\n");
  EXPECT_TRUE(apart.empty()) << format(apart);
}

TEST(Warnings, StayIsAnErrorOnATaskThatIsNotAPortVisit) {
  const LoadResult r = load_drill_from_string(
      std::string(kBase) + "plan:\n  tasks:\n"
                           "    - {name: p, kind: patrol, participants: [argyll], location: box, stay: 3h}\n",
      "drill.yaml");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u) << format(r.diagnostics);
  EXPECT_EQ(r.diagnostics[0].path, "plan.tasks[0].stay");
  EXPECT_EQ(r.diagnostics[0].message, "only port_visit tasks have a stay");
}

}  // namespace
}  // namespace drill::models::scenario
