// summary.pb: a run's drill.v1.RunSummary, the manifest (run_manifest.hpp) and every
// measure's final statistics, generated from the final snapshot's
// descriptors (see metric_snapshot_pb.hpp). Serialized deterministically:
// the same manifest and snapshot give the same bytes.
#pragma once

#include <string>

#include "core/metrics/snapshot.hpp"
#include "drill/v1/run_summary.pb.h"
#include "io/run_manifest.hpp"

namespace drill::io {

/// The earlier name of RunManifest, kept for callers written before it.
using SummaryManifest = RunManifest;

drill::v1::RunSummary make_run_summary(const RunManifest& manifest, const core::metrics::Snapshot& final_snapshot);

/// The serialized RunSummary (the contents of summary.pb).
std::string summary_pb(const RunManifest& manifest, const core::metrics::Snapshot& final_snapshot);

}  // namespace drill::io
