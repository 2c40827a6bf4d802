// A sweep file: a base drill, the parameters to vary (by key path into the
// drill, the same paths as `drillsim run --set`), how many replications per
// design point, and optionally a warm-up detection, kept time series and a
// what-if search. The format is documented in configs/README.md.
//
//   sweep: fewer_oilers                  # name (default: the file's stem)
//   drill: joint_drill.yaml              # relative to this file
//   seed: 7                              # default: the drill's seed
//   common_random_numbers: true          # default true
//   set: {comms.links[name=fleet_satcom].loss: 0.01}   # applied to every point
//   parameters:                          # full grid over these, first varies slowest
//     - path: naval.units[name=tidespring].count
//       values: [0, 1, 2]
//     - path: comms.links[name=fleet_satcom].bandwidth
//       range: {from: 32, to: 128, step: 32, unit: kbit/s}
//   points:                              # or: a given list of design points
//     - naval.units[name=tidespring].count: 1   # (in flow style, quote the path)
//   replications: 10                     # or sequential:
//   replications: {min: 5, max: 50, relative_half_width: 5%,
//                  measures: [time_below_critical_fuel]}
//   warm_up: {series: "ship_fuel{unit=queen_elizabeth}", sample_every: 1h}
//   time_series: {series: [...], sample_every: 6h}   # kept in sweep.db
//   search:                              # instead of parameters/points
//     parameter: naval.units[name=tidespring].count
//     from: 0
//     to: 4
//     find: smallest                     # or largest
//     measure: time_below_critical_fuel
//     below: 10 h                        # or above: ...; on the 95 % CI bound
//
// Parsing checks the sweep file alone (every error with file:line:column and
// key); validate_points() then loads the drill once per design point with
// its overrides, so every point is checked before anything runs, and a
// drill error names both the drill key and the sweep line that set it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "models/scenario/diagnostic.hpp"
#include "models/scenario/overrides.hpp"

namespace drill::engine {
struct DrillSource;  // engine/drill_source.hpp
}  // namespace drill::engine

namespace drill::sweep {

/// A measure series chosen by text: `NAME` (a measure with one series) or
/// `NAME{kind=value,...}` (SeriesKey::text(); series_keys.hpp).
struct SeriesChoice {
  std::string text;
  int line = 0;  // in the sweep file
  int column = 0;
};

struct Parameter {
  std::string path;                // key path into the drill
  std::vector<std::string> values; // YAML text of each value, in order
  int line = 0;
  int column = 0;  // of the path
  /// The sweep file's line of each value (a range's values: the range's).
  std::vector<int> value_lines{};
};

/// A design point before it runs: its overrides (fixed `set` ones first).
struct PointPlan {
  std::vector<models::scenario::Override> overrides;
  /// The varied parameters' values, `path=value`, for tables.
  std::vector<std::pair<std::string, std::string>> parameters;
  /// A listed point's place in the sweep file (none for a grid's).
  models::scenario::SourcePos at{};
};

struct Replications {
  std::uint64_t min = 1;  // fixed count: min == max
  std::uint64_t max = 1;
  /// Sequential: stop a point once every measure's 95 % half-width is at
  /// most this fraction of |mean| (or at `max`).
  std::optional<double> relative_half_width{};
  std::vector<SeriesChoice> measures{};
  bool sequential() const noexcept { return relative_half_width.has_value(); }
};

struct WarmUp {
  SeriesChoice series;
  core::Duration sample_every = core::hours(1);
};

struct TimeSeries {
  std::vector<SeriesChoice> series;
  core::Duration sample_every = core::hours(6);
};

struct Search {
  std::string parameter;  // key path; whole-number values
  std::int64_t from = 0;
  std::int64_t to = 0;
  enum class Find { smallest, largest } find = Find::smallest;
  SeriesChoice measure;
  enum class Bound { below, above } bound = Bound::below;
  double target = 0;  // in the measure's base unit (seconds, ratio, tonnes...)
  /// The unit the target was written in, as SeriesKey::unit names it
  /// ("seconds", "ratio", "tonnes"); empty for a bare number, which is
  /// taken in the measure's own unit. validate_points() checks it.
  std::string target_unit{};
  int target_line = 0;
  int target_column = 0;
  int line = 0;  // of `parameter:`
};

struct SweepFile {
  std::filesystem::path path;  // as given
  std::string sha256;          // of the sweep file's bytes
  std::string name;
  std::filesystem::path drill;  // resolved against the sweep file's folder
  int drill_line = 0;
  std::optional<std::uint64_t> seed{};
  bool common_random_numbers = true;
  std::vector<models::scenario::Override> set{};
  std::vector<Parameter> parameters{};
  /// Expanded design points (grid or list), in order; empty for a search.
  std::vector<PointPlan> points{};
  /// The points were listed (`points`), not a grid over `parameters`
  /// (which a listed sweep also fills, with the paths its points set).
  bool listed = false;
  Replications replications{};
  std::optional<WarmUp> warm_up{};
  std::optional<TimeSeries> time_series{};
  std::optional<Search> search{};
};

struct SweepLoad {
  std::optional<SweepFile> sweep;
  std::vector<models::scenario::Diagnostic> diagnostics;
  /// The drill it names does not exist (one of the diagnostics says so).
  bool drill_missing = false;
};

/// Reads and checks a sweep file (not the drill).
SweepLoad load_sweep(const std::filesystem::path& path);
/// True when the file at `path` reads as a sweep file rather than a drill:
/// its top level is a mapping that has `sweep`, `parameters`, `points` or
/// `search` (keys a drill never has), or whose `drill` names a file (a
/// drill's `drill` is a mapping) beside a sweep file's keys only. False for a file that cannot be read
/// or parsed, or larger than a sweep file may be: the drill's loader
/// reports those. `drillsim validate` tells the two apart so.
bool is_sweep_file(const std::filesystem::path& path);
/// True when the file at `path` reads as a drill: a mapping whose `drill`
/// is a mapping (a sweep file's names a file). For the hint when a drill
/// is given where a sweep file is wanted.
bool is_drill_file(const std::filesystem::path& path);
/// The same from text already read: `path` names it in diagnostics, gives
/// the default name and the folder the drill's path is relative to.
SweepLoad parse_sweep(std::string_view yaml, const std::filesystem::path& path);

/// The point a search probes at `value` (the `set` overrides, then
/// parameter=value).
PointPlan search_point(const SweepFile& sweep, std::int64_t value);

/// The drill's bytes, read once (a sweep hands the same text to every
/// point). Nullopt, with a diagnostic naming the sweep's `drill:` line, when
/// it cannot be read or is larger than the loader's limit.
std::optional<std::string> read_drill(const SweepFile& sweep,
                                      std::vector<models::scenario::Diagnostic>& diagnostics);

/// Checks every design point before anything runs: loads `drill_text`
/// with each point's overrides (a search: its `from` and `to`, and every
/// value between when there are at most 1000), and checks that every
/// series the sweep names (replication measures, warm-up, time series,
/// search measure) is exactly one series of each loaded point's drill (a
/// DrillRun's snapshot at D+0), in the unit the search target was written
/// in. Returns every diagnostic, errors and warnings, each one once
/// (points share most of their drill); a drill error names the drill key
/// and, through the override's origin, the sweep line that set it. The
/// sweep may run when none is an error.
/// `drills` (if given, for a sweep without a search): each of `sweep.points`'
/// drill as loaded here (null where it is not valid), so that SweepRuns can
/// adopt() it instead of loading the point a second time. `jobs`: threads
/// that check points at once (the diagnostics do not depend on it).
/// `meanwhile`, if given, runs on the calling thread while they do; what
/// it throws is thrown once they are done.
std::vector<models::scenario::Diagnostic> validate_points(
    const SweepFile& sweep, std::string_view drill_text,
    std::vector<std::shared_ptr<const engine::DrillSource>>* drills = nullptr, unsigned jobs = 1,
    const std::function<void()>& meanwhile = {});

}  // namespace drill::sweep
