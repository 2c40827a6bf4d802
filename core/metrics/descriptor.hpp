// What a measure is: one descriptor per measure, the single place a measure is
// named, given its unit and help text, its label kinds and its instrument kind.
//
// Every output (Prometheus text, time-series CSV, protobuf summary, the text
// printout) is generated from these descriptors, so adding a measure is one
// `describe` call. Names follow Prometheus conventions: snake_case, no unit in
// `name` (the unit's suffix is appended by `metric_name`), and only base units
// (`seconds`, never hours or minutes; durations are recorded in seconds).
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics/entity.hpp"

namespace drill::core::metrics {

enum class InstrumentKind : std::uint8_t {
  counter,        // monotone total since the last reset (sorties flown, fuel delivered)
  gauge,          // a value set from outside (stock on hand, aircraft available)
  time_weighted,  // a piecewise-constant level over simulated time: mean, max, integral
  tally,          // observations: count, sum, mean, standard deviation, min, max
  quantile,       // a tally plus quantiles (exact while small, then a sketch)
};
std::string_view to_string(InstrumentKind kind) noexcept;

/// Units of measure; each appears as a suffix of the metric name.
enum class Unit : std::uint8_t {
  none,     // counts, lengths of queues
  ratio,    // 0..1
  seconds,  // every duration
  tonnes,   // fuel
  bytes,    // message sizes
  meters,   // distances
};
/// The suffix in metric names (`tonnes`), empty for `Unit::none`.
std::string_view to_string(Unit unit) noexcept;

/// The quantiles every quantile instrument reports, in every output, and
/// the statistic names they take in metric names (`drill_latency_p95_seconds`).
inline constexpr std::array<double, 4> kReportedQuantiles = {0.5, 0.9, 0.95, 0.99};
inline constexpr std::array<std::string_view, 4> kReportedQuantileNames = {"p50", "p90", "p95", "p99"};

/// Whether the text printout and the replications aggregate list the
/// measure (its every series), and how: `yes` shows the instrument's main
/// statistic (a counter's or gauge's value, a time-weighted level's mean, a
/// tally's mean); `per_day` shows a counter's value per day of the
/// statistics span (sortie generation rate). Other outputs list every
/// measure whatever its flag.
enum class Headline : std::uint8_t { no, yes, per_day };

struct Descriptor {
  std::string name;  // snake_case, without prefix or unit: `fuel_delivered`
  Unit unit = Unit::none;
  std::string help;  // one sentence, shown by HELP lines and in the summary
  std::vector<EntityKind> labels;  // label kinds, in order; at most kMaxLabels, no repeats
  InstrumentKind kind = InstrumentKind::counter;
  Headline headline = Headline::no;
  friend bool operator==(const Descriptor&, const Descriptor&) = default;
};
inline constexpr std::size_t kMaxLabels = 4;

/// Names a registered descriptor within its collector.
struct MeasureId {
  std::uint32_t index = 0;
  friend constexpr auto operator<=>(const MeasureId&, const MeasureId&) = default;
};

/// The prefix of every exported metric name.
inline constexpr std::string_view kMetricPrefix = "drill_";

/// The exported name of a measure's main series: prefix, name, unit, and
/// `_total` for counters: `drill_fuel_delivered_tonnes_total`.
std::string metric_name(const Descriptor& d);
/// The exported name of one statistic of a measure (`mean`, `max`, ...),
/// placed before the unit: `drill_fuel_level_mean_tonnes`.
std::string metric_name(const Descriptor& d, std::string_view statistic);
/// The exported name of a time-weighted measure's integral over simulated
/// time, in unit-seconds: `drill_fuel_level_integral_tonnes_seconds`.
std::string integral_metric_name(const Descriptor& d);

/// Every name any output gives the measure's series (the main name, its
/// statistics, `_sum` and `_count`): two measures must share none.
std::vector<std::string> exported_names(const Descriptor& d);

/// Throws std::invalid_argument naming the problem if `d` is not a valid
/// descriptor (name not snake_case, empty help, too many or repeated labels,
/// a label kind that `kinds` does not have).
void validate(const Descriptor& d, const KindTable& kinds);

}  // namespace drill::core::metrics
