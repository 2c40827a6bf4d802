#include "models/scenario/quantity.hpp"

#include <gtest/gtest.h>

namespace drill::models::scenario {
namespace {

using core::hours;
using core::minutes;
using core::seconds;

TEST(Quantity, ParsesDurationsExactly) {
  EXPECT_EQ(*parse_duration_quantity("90s"), seconds(90));
  EXPECT_EQ(*parse_duration_quantity("45min"), minutes(45));
  EXPECT_EQ(*parse_duration_quantity("2h30m"), hours(2) + minutes(30));
  EXPECT_EQ(*parse_duration_quantity("3d"), core::days(3));
  EXPECT_EQ(*parse_duration_quantity(" 1.5h "), minutes(90));
}

TEST(Quantity, DurationWithoutUnitNamesTheUnits) {
  auto r = parse_duration_quantity("45");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("missing unit"), std::string::npos);
  EXPECT_NE(r.error().hint.find("min"), std::string::npos);
  auto bad = parse_duration_quantity("soon");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().hint.find("d, h, min"), std::string::npos);
}

TEST(Quantity, ParsesTimesRelativeToStart) {
  EXPECT_EQ(*parse_time_point("D+1 06:00"), core::at(core::days(1) + hours(6)));
  EXPECT_EQ(*parse_time_point("D+0 18:30"), core::at(hours(18) + minutes(30)));
  EXPECT_EQ(*parse_time_point("36h"), core::at(hours(36)));
  EXPECT_FALSE(parse_time_point("D+1 25:00").ok());
  EXPECT_FALSE(parse_time_point("tomorrow").ok());
}

TEST(Quantity, ConvertsDistancesToNauticalMiles) {
  EXPECT_DOUBLE_EQ(*parse_distance_nm("120 nm"), 120.0);
  EXPECT_DOUBLE_EQ(*parse_distance_nm("120nm"), 120.0);
  EXPECT_NEAR(*parse_distance_nm("1.852 km"), 1.0, 1e-12);
  EXPECT_NEAR(*parse_distance_nm("100 km"), 53.99568, 1e-5);
}

TEST(Quantity, ConvertsSpeedsToKnots) {
  EXPECT_DOUBLE_EQ(*parse_speed_kn("18 kn"), 18.0);
  EXPECT_NEAR(*parse_speed_kn("37.04 km/h"), 20.0, 1e-12);
}

TEST(Quantity, ConvertsMassAndFuelRatesToTonnes) {
  EXPECT_DOUBLE_EQ(*parse_mass_t("1200 t"), 1200.0);
  EXPECT_DOUBLE_EQ(*parse_mass_t("6500 kg"), 6.5);
  EXPECT_DOUBLE_EQ(*parse_fuel_rate_tph("4.5 t/h"), 4.5);
  EXPECT_DOUBLE_EQ(*parse_fuel_rate_tph("2500 kg/h"), 2.5);
  EXPECT_DOUBLE_EQ(*parse_fuel_rate_tph("48 t/d"), 2.0);
}

TEST(Quantity, ParsesFractionsAndPercentages) {
  EXPECT_DOUBLE_EQ(*parse_fraction("0.3"), 0.3);
  EXPECT_DOUBLE_EQ(*parse_fraction("30%"), 0.3);
  EXPECT_DOUBLE_EQ(*parse_fraction("100 %"), 1.0);
  EXPECT_FALSE(parse_fraction("1.5").ok());
  EXPECT_FALSE(parse_fraction("-10%").ok());
}

TEST(Quantity, ParsesDataRatesToBitsPerSecond) {
  EXPECT_DOUBLE_EQ(*parse_quantity("64 kbit/s", Dimension::data_rate), 64000.0);
  EXPECT_DOUBLE_EQ(*parse_quantity("2 Mbit/s", Dimension::data_rate), 2e6);
}

TEST(Quantity, KeepsSignForTheCallerToRangeCheck) {
  EXPECT_DOUBLE_EQ(*parse_speed_kn("-3 kn"), -3.0);
}

TEST(Quantity, MissingUnitIsAnErrorNamingExpectedUnits) {
  auto r = parse_speed_kn("30");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "missing unit in speed '30'");
  EXPECT_NE(r.error().hint.find("kn, km/h"), std::string::npos);
}

TEST(Quantity, WrongUnitSuggestsTheClosestOne) {
  auto r = parse_speed_kn("30 kts");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "unknown speed unit 'kts'");
  EXPECT_NE(r.error().hint.find("kn"), std::string::npos);
  auto m = parse_mass_t("5 tonnes");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().hint.find("t, kg"), std::string::npos);
}

TEST(Quantity, DistanceUnitOnASpeedIsRejected) {
  auto r = parse_speed_kn("30 nm");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "unknown speed unit 'nm'");
}

TEST(Quantity, NonNumbersAreRejected) {
  EXPECT_FALSE(parse_mass_t("lots").ok());
  EXPECT_FALSE(parse_mass_t("").ok());
  EXPECT_FALSE(parse_mass_t("1.2.3 t").ok());
  EXPECT_FALSE(parse_quantity("12 t", Dimension::number).ok());
  EXPECT_DOUBLE_EQ(*parse_quantity("-4.25", Dimension::number), -4.25);
}

}  // namespace
}  // namespace drill::models::scenario
