// summary.pb and summary.json: one drill.v1.RunSummary message, written in
// binary and in protobuf's JSON mapping, so the two files cannot drift. It
// holds the manifest's simulated fields (run_manifest.hpp), every measure's
// final statistics generated from the final snapshot's descriptors (see
// metric_snapshot_pb.hpp) and the task outcomes. Both are deterministic: the
// same run gives the same bytes (the wall-clock and invocation fields stay in
// manifest.json). The README documents every field.
#pragma once

#include <string>
#include <vector>

#include "core/metrics/snapshot.hpp"
#include "drill/v1/run_summary.pb.h"
#include "io/run_manifest.hpp"
#include "models/task_outcome.hpp"

namespace drill::io {

/// The earlier name of RunManifest, kept for callers written before it.
using SummaryManifest = RunManifest;

/// summary.json's "format_version".
inline constexpr int kSummaryFormatVersion = 2;

drill::v1::RunSummary make_run_summary(const RunManifest& manifest, const std::string& drill_name,
                                       const core::metrics::Snapshot& final_snapshot,
                                       const std::vector<models::TaskOutcome>& tasks,
                                       const std::vector<ManifestOverride>& overrides = {});

/// The serialized RunSummary (the contents of summary.pb).
std::string summary_pb(const drill::v1::RunSummary& summary);
/// The same message as JSON (the contents of summary.json): field names as
/// in the .proto, every field present, 64-bit integers as strings (the
/// protobuf JSON mapping), indented, a final newline.
std::string summary_json(const drill::v1::RunSummary& summary);

}  // namespace drill::io
