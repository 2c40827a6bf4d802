// The sweep files in configs/: they load, every design point is a valid
// drill, and the oilers sweep measures what it is meant to (more oilers,
// less time below critical fuel).
#include <gtest/gtest.h>

#include <filesystem>

#include "sweep/sweep_file.hpp"
#include "sweep/sweep_runs.hpp"

namespace drill::sweep {
namespace {

namespace ms = models::scenario;
const std::filesystem::path kConfigs = std::filesystem::path(DRILL_SOURCE_DIR) / "configs";

struct Checked {
  SweepFile sweep;
  std::string drill;
};

Checked load_and_validate(const char* name) {
  const SweepLoad l = load_sweep(kConfigs / name);
  if (!l.sweep) throw std::runtime_error(ms::format(l.diagnostics));
  std::vector<ms::Diagnostic> d;
  auto drill = read_drill(*l.sweep, d);
  if (!drill) throw std::runtime_error(ms::format(d));
  d = validate_points(*l.sweep, *drill);
  for (const ms::Diagnostic& one : d) EXPECT_NE(one.severity, ms::Severity::error) << ms::format(one);
  return {*l.sweep, *drill};
}

TEST(ExampleSweeps, EverySweepFileInConfigsLoadsAndEveryPointIsAValidDrill) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kConfigs)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".yaml" || name.find("sweep") == std::string::npos) continue;
    ++files;
    SCOPED_TRACE(name);
    load_and_validate(name.c_str());
  }
  EXPECT_GE(files, 2);
}

TEST(ExampleSweeps, OilersSweepIsAGridOfOilerCountsByBandwidth) {
  const Checked c = load_and_validate("oilers_sweep.yaml");
  ASSERT_EQ(c.sweep.parameters.size(), 2u);
  EXPECT_EQ(c.sweep.parameters[0].path, "naval.units[name=tidespring].count");
  EXPECT_EQ(c.sweep.points.size(), 6u);
  EXPECT_EQ(c.sweep.replications.max, 3u);
}

TEST(ExampleSweeps, MoreOilersGiveLessTimeBelowCriticalFuelInTheOilersSweep) {
  const Checked c = load_and_validate("oilers_sweep.yaml");
  SweepRuns runs(c.sweep, c.drill);
  // Points 1, 3, 5: one, two, three oilers transferring 350 t/h; point 0:
  // one at 175 t/h.
  std::vector<double> hours;
  for (std::uint32_t p : {1u, 3u, 5u, 0u}) {
    const PointId id = runs.add_point(c.sweep.points[p]);
    runs.prepare(id);
    const RunOutcome o = runs.run({id, 0});
    const auto i = o.find("time_below_critical_fuel");
    ASSERT_TRUE(i);
    hours.push_back(o.values[*i] / 3600);
  }
  EXPECT_GT(hours[0], 10.0);  // one oiler misses the search's target...
  EXPECT_LT(hours[1], 10.0);  // ...two meet it
  EXPECT_LT(hours[1], hours[0]);
  EXPECT_LT(hours[2], hours[1]);
  EXPECT_GT(hours[3], hours[0]);  // a slower rig, longer below critical
}

TEST(ExampleSweeps, FewestOilersSearchesOneToFourOilers) {
  const Checked c = load_and_validate("fewest_oilers_sweep.yaml");
  ASSERT_TRUE(c.sweep.search);
  EXPECT_EQ(c.sweep.search->from, 1);
  EXPECT_EQ(c.sweep.search->to, 4);
  EXPECT_DOUBLE_EQ(c.sweep.search->target, 10 * 3600.0);
  EXPECT_TRUE(c.sweep.replications.sequential());
  // The answer is inside the range: one oiler misses the target, two meet it.
  SweepRuns runs(c.sweep, c.drill);
  std::vector<double> hours;
  for (std::int64_t oilers : {1, 2}) {
    const PointId id = runs.add_point(search_point(c.sweep, oilers));
    runs.prepare(id);
    const RunOutcome o = runs.run({id, 0});
    hours.push_back(o.values[o.find("time_below_critical_fuel").value()] / 3600);
  }
  EXPECT_GT(hours[0], 10.0);
  EXPECT_LT(hours[1], 10.0);
}

}  // namespace
}  // namespace drill::sweep
