// The headline figures of a snapshot: what the text printout and the
// replications aggregate show of each measure whose descriptor is flagged
// `headline`, generated from the descriptor alone (no list of measures here).
//
// A headline series shows one number: a counter's or gauge's value, a
// time-weighted level's mean over the statistics span, a tally's or quantile's
// mean; a counter flagged per_day shows its value per day of the span.
// Numbers are formatted by unit: seconds as hours, ratios as percentages,
// tonnes with "t", counts plain.
//
// A headline measure whose labels cross two kinds of entity (messages per
// flow and node, ages of information per headquarters and source) would fill
// a screen with one line per series; the printouts show it as one line per
// value of its first label instead (HeadlineLine): a counter's series
// summed, a gauge's or time-weighted level's averaged. A base and its
// resource name one thing and keep a line per series, as do a tally's or a
// quantile's series, which cannot be merged.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics/snapshot.hpp"

namespace drill::io {

/// True when series `i` of `s` is a headline series.
bool is_headline(const core::metrics::Snapshot& s, std::size_t i) noexcept;
/// The number series `i` shows (see the banner), in the measure's base unit.
double headline_value(const core::metrics::Snapshot& s, std::size_t i) noexcept;
/// Which statistic headline_value is: "value", "mean" or "per_day".
std::string_view headline_statistic(const core::metrics::Descriptor& d) noexcept;
/// `value` (a headline_value of a series of `d`) for people: "12.5 h", "97.1%", "3.2 t", "14".
std::string format_headline(const core::metrics::Descriptor& d, double value);
/// How a table shows a measure's headline numbers: multiplied by `scale`,
/// in `unit` ("h", "%", "t", "nm", "B", or "per day"; empty for counts).
struct DisplayUnit {
  double scale = 1.0;
  std::string_view unit;
};
DisplayUnit display_unit(const core::metrics::Descriptor& d) noexcept;
/// The same from a series' base unit as metric names spell it ("seconds",
/// "ratio", "tonnes", "bytes", "meters"; empty for counts) and its
/// headline statistic ("value", "mean" or "per_day"): a sweep's series keys.
DisplayUnit display_unit(std::string_view unit, std::string_view statistic) noexcept;
/// `value` (in the base unit) as a table's figure: "1.61 h", "98.7%", "7",
/// with `digits` significant digits.
std::string format_figure(double value, const DisplayUnit& u, int digits = 6);

/// The series' label values joined by "/": "lossie/launch"; empty without labels.
std::string label_text(const core::metrics::SeriesInfo& series);

/// The measure's labels cross two kinds of entity (not a base and its
/// resource): the printouts show a line per value of its first label.
bool crosses_entities(const core::metrics::Descriptor& d) noexcept;

/// One line of a printout: one headline series, or the series of a
/// measure that crosses entities and share their first label's value.
struct HeadlineLine {
  enum class Combine : unsigned char { one, sum, mean };
  std::vector<std::size_t> series;  // indices into the snapshot, at least one
  Combine combine = Combine::one;
  std::string label;  // label_text of the one series, or the first label's value
};
/// Every headline series of `s` with at least one label, as printout lines,
/// in snapshot order (a group where its first series is).
std::vector<HeadlineLine> headline_lines(const core::metrics::Snapshot& s);
/// The line's number: headline_value of its series, summed or averaged.
double headline_value(const core::metrics::Snapshot& s, const HeadlineLine& line) noexcept;

}  // namespace drill::io
