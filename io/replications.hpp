// Results of several replications of one drill: the spread of every series
// across replications (its headline number, see headline.hpp: a value, a
// time average or a rate per day), as a mean with a 95 % confidence interval
// (Student's t), standard deviation, minimum and maximum, plus each
// replication's fingerprint and events. The JSON and CSV hold every series;
// the printed table the headline ones (each series of each measure flagged
// headline). The series come from the replications' final snapshots, so the
// aggregate follows the descriptors: adding a measure adds it here.
// The printed table shows a headline measure with several label kinds a
// line per value of its first label (headline.hpp), and then each task of
// the plan: in how many replications it was on time, late or not done, and
// the reason given most often (reasons are counted as written; a task keeps
// at most kMaxReasonsPerTask distinct ones, later new ones are counted
// together as other reasons, so memory does not grow with replications).
//
// Replications are added in replication order, whatever order they finished
// in, so the report is byte-identical for any number of worker threads. A
// set keeps one small row per replication (its number, fingerprint and
// events) and one tally per series, never a replication's snapshot
// beyond the first (whose descriptors name the series), and writes its JSON
// in pieces. Each replication's own summary is written by the caller
// (summary_pb.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics/snapshot.hpp"
#include "core/statistics.hpp"
#include "io/headline.hpp"
#include "io/run_report.hpp"
#include "models/task_outcome.hpp"

namespace drill::io {

class JsonWriter;

struct ReplicationRun {
  std::uint64_t replication = 0;
  std::string fingerprint;
  std::uint64_t events = 0;
  core::metrics::Snapshot final_snapshot;
  /// How the plan's tasks turned out (the same tasks in the same order in
  /// every replication of a set).
  std::vector<models::TaskOutcome> tasks{};
};

/// Distinct reasons a ReplicationSet counts per task.
inline constexpr std::size_t kMaxReasonsPerTask = 32;

class ReplicationSet {
 public:
  /// Adds the next replication; call in replication order. Throws
  /// std::invalid_argument if its series or tasks are not the first's.
  void add(const ReplicationRun& run);

  std::size_t size() const noexcept { return rows_.size(); }
  std::uint64_t events() const noexcept { return events_; }
  /// The simulated end of the first replication (all share the horizon).
  core::SimTime end() const noexcept { return first_ ? first_->time() : core::SimTime::zero(); }
  /// One fingerprint for the whole set: FNV-1a over the replications'
  /// fingerprints in replication order, as 16 hex digits.
  std::string fingerprint() const;
  std::uint64_t fingerprint_value() const noexcept { return fingerprint_hash_; }

  /// replications.json ("format": "drillsim.replications"). `info` supplies
  /// the drill, config hash and seed; its per-run fields are ignored.
  std::string json(const RunInfo& info) const;
  /// The same text handed to `sink` in pieces of about 64 KiB, so a set of
  /// a million replications is never one string in memory.
  void write_json(const RunInfo& info, const std::function<void(std::string_view)>& sink) const;
  /// The same document without its `runs` list: the aggregate so far,
  /// whose size is bounded by the series, whatever the number of
  /// replications (the live server's /api/aggregate while a set runs).
  std::string measures_json(const RunInfo& info) const;
  /// replications.csv: one row per series with the same figures.
  std::string csv() const;
  /// The plain-text table printed by `drillsim run --replications N`.
  std::string text(const RunInfo& info) const;

 private:
  /// The document's fields up to and including `measures`.
  void write_head(JsonWriter& j, const RunInfo& info) const;
  struct Row {
    std::uint64_t replication;
    std::string fingerprint;
    std::uint64_t events;
  };
  struct TaskTally {
    std::string name;
    std::uint64_t on_time = 0;
    std::uint64_t late = 0;
    std::uint64_t not_done = 0;
    std::vector<std::pair<std::string, std::uint64_t>> reasons{};  // as first seen
    std::uint64_t other_reasons = 0;  // beyond kMaxReasonsPerTask distinct ones
  };
  std::optional<core::metrics::Snapshot> first_;
  std::vector<core::Tally> tallies_;  // one per series, in snapshot order
  std::vector<HeadlineLine> lines_;    // the printed table's lines
  std::vector<core::Tally> line_tallies_;  // one per line
  std::vector<TaskTally> tasks_;
  std::vector<Row> rows_;
  std::uint64_t fingerprint_hash_ = 0xCBF29CE484222325ULL;
  std::uint64_t events_ = 0;
};

}  // namespace drill::io
