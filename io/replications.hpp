// Results of several replications of one drill: the spread of each headline
// measure across replications, as a mean with a 95 % confidence interval
// (Student's t), minimum and maximum, plus each replication's own totals and
// fingerprint.
//
// Replications are added in replication order, whatever order they finished
// in, so the report is byte-identical for any number of worker threads. A
// set keeps one small row per replication (its fingerprint, events and
// headline values, about 150 bytes with its allocation), never a
// replication's full measures, and writes its file in pieces.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/statistics.hpp"
#include "io/run_report.hpp"
#include "models/measures.hpp"

namespace drill::io {

struct ReplicationRun {
  models::DrillMeasures measures;
  std::uint64_t replication = 0;
  std::string fingerprint;
  std::uint64_t events = 0;
};

/// The headline measures aggregated across replications, in table order.
inline constexpr std::size_t kHeadlineMeasures = 9;

class ReplicationSet {
 public:
  /// Adds the next replication; call in replication order.
  void add(const ReplicationRun& run);

  std::size_t size() const noexcept { return rows_.size(); }
  std::uint64_t events() const noexcept { return events_; }
  /// The simulated end of the first replication (all share the horizon).
  core::SimTime end() const noexcept { return end_; }
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
  /// The plain-text table printed by `drillsim run --replications N`.
  std::string text(const RunInfo& info) const;

 private:
  struct Row {
    std::uint64_t replication;
    std::string fingerprint;
    std::uint64_t events;
    std::array<double, kHeadlineMeasures> values;
  };
  std::vector<Row> rows_;
  std::array<core::Tally, kHeadlineMeasures> tallies_{};
  std::uint64_t fingerprint_hash_ = 0xCBF29CE484222325ULL;
  std::uint64_t events_ = 0;
  core::SimTime end_;
};

}  // namespace drill::io
