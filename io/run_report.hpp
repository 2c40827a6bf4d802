// The plain-text summary printed by `drillsim run`, generated from the final
// snapshot's descriptors (the measures flagged headline, see headline.hpp)
// and the task outcomes; and RunInfo, what a run's reports name it by.
// summary.json and summary.pb are written by summary_pb.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/metrics/snapshot.hpp"
#include "models/task_outcome.hpp"

namespace drill::io {

struct RunInfo {
  std::string drill_name;
  std::string config_file;
  std::string config_hash;  // file_hash_hex of the drill file
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  std::string fingerprint;  // 16 hex digits
  std::uint64_t events = 0;
  std::string tool_version;
  std::string git_revision;
  double wall_seconds = 0.0;
};

/// The drill-wide headline measures one a line; each task with its status,
/// its headline series (sorties, coverage) and why it is late or not done;
/// then every other headline measure with labels, one series a line, or for
/// a measure whose labels cross entities a line per value of its first label
/// (headline_lines); quantiles with their percentiles.
std::string summary_text(const core::metrics::Snapshot& final_snapshot,
                         const std::vector<models::TaskOutcome>& tasks, const RunInfo& info);

}  // namespace drill::io
