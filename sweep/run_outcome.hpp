// What one run of a sweep leaves: the design point and replication it was,
// its fingerprint and events, and the scalar result of every series of its
// final snapshot (the series' headline statistic, io/headline.hpp: a value,
// a time average or a rate per day, in the measure's base unit).
//
// This is all a sweep keeps of a run: the database rows, the aggregate, the
// sequential stopping rule and the search read it; MPI ranks send it to
// rank 0 (encode/decode below). A run's series are named by key, not by
// position, because design points differ in their series (a point with two
// oilers has a ship more than a point with one).
// Invariants: `series.size() == values.size()`; series in snapshot order;
// `samples` holds the watched series' sampled values in time order (empty
// unless the sweep watches a series for warm-up detection or keeps time
// series). No wall-clock figure is part of a run's results except
// `wall_seconds`, which never goes into the database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drill::sweep {

/// Index of a design point within its sweep (0, 1, 2, ... in the order the
/// sweep file gives or the search probes them).
struct PointId {
  std::uint32_t value = 0;
  friend bool operator==(PointId, PointId) = default;
  friend auto operator<=>(PointId, PointId) = default;
};

/// One run: replication `replication` of design point `point`.
struct RunTicket {
  PointId point;
  std::uint64_t replication = 0;
  friend bool operator==(const RunTicket&, const RunTicket&) = default;
  friend auto operator<=>(const RunTicket&, const RunTicket&) = default;
};

/// A series of a snapshot by name: `fuel_on_board{ship=tidespring}`.
struct SeriesKey {
  std::string measure;    // the descriptor's name
  std::string labels;     // `kind=value,kind=value` in the descriptor's label order; empty without labels
  std::string unit;       // the descriptor's base unit as metric names spell it ("seconds", "tonnes", "ratio", "bytes", "meters"; empty for counts)
  std::string statistic;  // headline_statistic: "value", "mean" or "per_day"
  friend bool operator==(const SeriesKey&, const SeriesKey&) = default;
  /// `measure` or `measure{labels}`.
  std::string text() const { return labels.empty() ? measure : measure + "{" + labels + "}"; }
};

/// One sampled value of a watched series.
struct Sample {
  std::uint32_t series = 0;  // index into RunOutcome::series
  double time_s = 0;         // simulated seconds from D+0
  double value = 0;
};

struct RunOutcome {
  RunTicket ticket;
  std::uint64_t fingerprint = 0;
  std::uint64_t events = 0;
  bool completed = true;  // false: stopped before the horizon (never stored)
  std::vector<SeriesKey> series;
  std::vector<double> values;
  std::vector<Sample> samples{};
  /// The run's summary.json text, only when the sweep writes per-run files.
  std::optional<std::string> summary_json{};
  /// Wall-clock seconds the run itself took (for the overhead figure).
  double wall_seconds = 0;

  /// Index of the series named `key_text` (SeriesKey::text()), if any; a
  /// measure's bare name also names its series when it has exactly one (as
  /// in a sweep file).
  std::optional<std::size_t> find(std::string_view key_text) const;
};

/// A byte string that decode() turns back into an equal outcome (for MPI).
std::string encode(const RunOutcome& outcome);
/// Throws std::runtime_error on bytes that are not an encoded outcome.
RunOutcome decode(std::string_view bytes);

}  // namespace drill::sweep
