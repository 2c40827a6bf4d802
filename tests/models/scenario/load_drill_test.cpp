#include "models/scenario/load_drill.hpp"

#include <filesystem>

#include <gtest/gtest.h>

namespace drill::models::scenario {
namespace {

const std::filesystem::path kData = std::filesystem::path(DRILL_SOURCE_DIR) / "tests/models/data";

TEST(LoadDrill, MissingFileIsDistinguishedFromAnInvalidDrill) {
  const LoadResult r = load_drill(kData / "no_such_drill.yaml");
  EXPECT_EQ(r.status, LoadStatus::file_not_found);
  EXPECT_FALSE(r.drill);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 0);
}

TEST(LoadDrill, YamlSyntaxErrorBecomesADiagnosticWithPosition) {
  const LoadResult r = load_drill(kData / "syntax_error.yaml");
  EXPECT_EQ(r.status, LoadStatus::invalid);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  const Diagnostic& d = r.diagnostics[0];
  EXPECT_EQ(d.line, 5);  // where the parser notices the unclosed list
  EXPECT_GT(d.column, 0);
  EXPECT_NE(d.message.find("YAML syntax error"), std::string::npos);
  EXPECT_NE(d.file.find("syntax_error.yaml"), std::string::npos);
}

TEST(LoadDrill, UnquotedDistributionGetsAHintToQuoteIt) {
  const LoadResult r = load_drill_from_string("drill:\n  name: x\n  horizon: exponential(mean: 4h)\n");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 3);
  EXPECT_NE(r.diagnostics[0].hint.find("quotes"), std::string::npos);
}

TEST(LoadDrill, EmptyFileIsInvalid) {
  const LoadResult r = load_drill_from_string("", "empty.yaml");
  EXPECT_EQ(r.status, LoadStatus::invalid);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].message, "the drill file is empty");
}

TEST(LoadDrill, MinimalDrillNeedsOnlyNameAndHorizonAndGetsDefaults) {
  const LoadResult r = load_drill_from_string("drill: {name: minimal, horizon: 2d}\n");
  ASSERT_TRUE(r.ok()) << format(r.diagnostics);
  EXPECT_EQ(r.drill->drill.name, "minimal");
  EXPECT_EQ(r.drill->drill.horizon, core::days(2));
  EXPECT_EQ(r.drill->drill.replications, 1);
}

TEST(LoadDrill, ResolvesPlacesAndDefaultsFromTheSpec) {
  const LoadResult r = load_drill(std::filesystem::path(DRILL_SOURCE_DIR) / "configs/small.yaml");
  ASSERT_TRUE(r.ok()) << format(r.diagnostics);
  const DrillSpec& d = *r.drill;
  EXPECT_DOUBLE_EQ(d.bases.airfields[0].position.pos.lat_deg, 57.705);
  EXPECT_DOUBLE_EQ(d.naval.units[0].start.pos.lon_deg, -1.77);
  EXPECT_DOUBLE_EQ(d.geography.areas[0].radius_nm, 25.0);
  EXPECT_EQ(d.geography.areas[0].reference, d.geography.points[1].pos);
  EXPECT_DOUBLE_EQ(d.naval.classes[0].critical_fuel_fraction, 0.3);
  EXPECT_EQ(d.air.types[0].turnaround.servicing.kind, DistributionKind::triangular);
  EXPECT_FALSE(d.air.types[0].turnaround.refuel.has_value());
  EXPECT_EQ(d.air.types[0].mtbf, core::hours(15));
  // Task windows default to the phase's.
  const Task& patrol = d.plan.tasks[1];
  EXPECT_EQ(patrol.earliest_start, core::SimTime::zero());
  EXPECT_EQ(patrol.deadline, core::at(core::days(1)));
  EXPECT_EQ(patrol.participants, std::vector<std::string>{"argyll"});
  EXPECT_EQ(patrol.location_pos, d.geography.areas[0].reference);
}

TEST(LoadDrill, ShipBurnGrowsWithTheCubeOfSpeedOverHotelLoad) {
  ShipClass c;
  c.max_speed_kn = 30;
  c.burn_at_max_tph = 10.5;
  c.hotel_tph = 0.5;
  EXPECT_DOUBLE_EQ(c.burn_tph(0), 0.5);
  EXPECT_DOUBLE_EQ(c.burn_tph(30), 10.5);
  EXPECT_DOUBLE_EQ(c.burn_tph(15), 0.5 + 10.0 / 8.0);
}

}  // namespace
}  // namespace drill::models::scenario
