// Naming a snapshot's series by text, as a sweep file and a sweep's results
// do: `measure` for a measure with one series, `measure{kind=value,...}`
// otherwise (SeriesKey::text(); kinds are the label names of
// core/metrics/entity.hpp: unit, squadron, base, resource, ...).
// Names rather than positions, because design points differ in their
// series (a point with two oilers has a ship more than one with one).
// Costs: series_key allocates its strings, has_key does not; match_series is linear in the
// snapshot's series.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/metrics/snapshot.hpp"
#include "sweep/run_outcome.hpp"

namespace drill::sweep {

/// The key of series `i` of `s`: measure, labels, base unit (the metric
/// unit name: "seconds", "tonnes", "ratio", "bytes", "meters", or empty for
/// counts) and headline statistic.
SeriesKey series_key(const core::metrics::Snapshot& s, std::size_t i);

/// Whether series `i` of `s` has key `key` (series_key(s, i) == key),
/// without allocating.
bool has_key(const core::metrics::Snapshot& s, std::size_t i, const SeriesKey& key) noexcept;

/// `NAME` or `NAME{kind=value,...}` with a snake_case NAME and non-empty
/// kinds and values: the shape of a series' name, not whether it exists.
bool well_formed_series(std::string_view text);

/// Which series of `s` the text names: its exact key text, or a measure's
/// name when the measure has exactly one series. Otherwise `error` (and
/// `hint`) say why: no such measure (with a suggestion), several series
/// and no labels (listing them), or labels no series has.
struct SeriesMatch {
  std::optional<std::size_t> index;
  std::string error;
  std::string hint;
};
SeriesMatch match_series(const core::metrics::Snapshot& s, std::string_view text);

}  // namespace drill::sweep
