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
#include <initializer_list>
#include <memory>
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

/// A run's series keys in snapshot order, immutable and shared: the runs of
/// a design point nearly always have the same series, and SweepRuns hands
/// each of them the same list (a reference count, not ~70 keys of four
/// strings each allocated by the worker and freed by the consumer, per
/// run). Compares equal by content; lists that share their keys compare in
/// constant time (sweep.db's series ids of the previous run are found so).
class SeriesList {
 public:
  SeriesList() = default;
  // Implicit, so that `o.series = {...}` and `o.series = keys` read as for a vector.
  SeriesList(std::vector<SeriesKey> keys)
      : keys_(keys.empty() ? nullptr : std::make_shared<const std::vector<SeriesKey>>(std::move(keys))) {}
  SeriesList(std::initializer_list<SeriesKey> keys) : SeriesList(std::vector<SeriesKey>(keys)) {}

  const std::vector<SeriesKey>& keys() const noexcept { return keys_ ? *keys_ : empty_keys(); }
  std::size_t size() const noexcept { return keys().size(); }
  bool empty() const noexcept { return keys().empty(); }
  const SeriesKey& operator[](std::size_t i) const noexcept { return keys()[i]; }
  auto begin() const noexcept { return keys().begin(); }
  auto end() const noexcept { return keys().end(); }
  /// The same keys object (not only equal keys).
  bool shares(const SeriesList& other) const noexcept { return keys_ == other.keys_; }

  friend bool operator==(const SeriesList& a, const SeriesList& b) { return a.shares(b) || a.keys() == b.keys(); }

 private:
  static const std::vector<SeriesKey>& empty_keys() noexcept {
    static const std::vector<SeriesKey> none;
    return none;
  }
  std::shared_ptr<const std::vector<SeriesKey>> keys_;  // null: no series
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
  SeriesList series;
  std::vector<double> values;
  std::vector<Sample> samples{};
  /// `values` as sweep.db stores them (sweep_db.hpp's value_array()), made
  /// by the worker that ran the run so that the thread storing the runs
  /// need not; empty: made when stored (SweepRuns::write_value_arrays: the
  /// storing thread has a CPU of its own).
  std::string value_array{};
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
/// `previous`: the series of the outcome this sender encoded before (none:
/// empty); when the outcome has the same series, they are sent as a mark
/// instead of ~70 keys, which the receiver would read and compare.
std::string encode(const RunOutcome& outcome, const SeriesList& previous = {});
/// The same bytes appended to `out` (an MPI worker's batch of answers).
void encode_to(std::string& out, const RunOutcome& outcome, const SeriesList& previous = {});
/// Throws std::runtime_error on bytes that are not an encoded outcome.
/// `previous`: the series of this sender's previous outcome, as decoded
/// (what its encode() was given); an outcome with those series shares
/// `previous`'s keys instead of allocating its own.
RunOutcome decode(std::string_view bytes, const SeriesList& previous = {});

}  // namespace drill::sweep
