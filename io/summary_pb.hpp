// summary.pb: a run's drill.v1.RunSummary, the manifest's fields and every
// measure's final statistics, generated from the final snapshot's
// descriptors (see metric_snapshot_pb.hpp). Serialized deterministically:
// the same manifest and snapshot give the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/metrics/snapshot.hpp"
#include "core/time.hpp"
#include "drill/v1/run_summary.pb.h"
#include "io/utc_time.hpp"

namespace drill::io {

/// Who ran what: the fields RunSummary shares with manifest.json.
struct SummaryManifest {
  enum class Status { completed, stopped, failed };
  std::string tool_version;
  std::string git_revision;
  std::vector<std::string> command_line;
  std::string config_path;
  std::string config_sha256;
  std::uint64_t seed = 0;
  std::uint32_t replication = 0;
  std::uint64_t fingerprint = 0;
  std::uint64_t events = 0;
  core::SimTime horizon;
  CalendarStart calendar_start{};
  double wall_seconds = 0.0;
  std::string host;
  Status status = Status::completed;
};

drill::v1::RunSummary make_run_summary(const SummaryManifest& manifest, const core::metrics::Snapshot& final_snapshot);

/// The serialized RunSummary (the contents of summary.pb).
std::string summary_pb(const SummaryManifest& manifest, const core::metrics::Snapshot& final_snapshot);

}  // namespace drill::io
