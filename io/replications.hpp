// Results of several replications of one drill: the spread of each headline
// measure across replications, as a mean with a 95 % confidence interval
// (Student's t), minimum and maximum, plus each replication's own totals and
// fingerprint.
//
// Replications are listed and aggregated in replication order, whatever
// order they finished in, so the report is byte-identical for any number of
// worker threads.
#pragma once

#include <string>
#include <vector>

#include "io/run_report.hpp"
#include "models/measures.hpp"

namespace drill::io {

struct ReplicationRun {
  models::DrillMeasures measures;
  std::uint64_t replication = 0;
  std::string fingerprint;
  std::uint64_t events = 0;
};

/// One fingerprint for a whole set: FNV-1a over the replications'
/// fingerprints in replication order, as 16 hex digits.
std::string combined_fingerprint(const std::vector<ReplicationRun>& runs);

/// summary.json for a set of replications ("format": "drillsim.replications").
/// `info` supplies the drill, config hash and seed; its per-run fields are ignored.
std::string replications_json(const std::vector<ReplicationRun>& runs, const RunInfo& info);
/// The plain-text table printed by `drillsim run --replications N`.
std::string replications_text(const std::vector<ReplicationRun>& runs, const RunInfo& info);

}  // namespace drill::io
