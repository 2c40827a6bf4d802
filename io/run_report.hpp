// A run's results in the forms people and programs read: summary.json,
// manifest.json and the plain-text summary printed by `drillsim run`.
//
// summary.json holds only simulated quantities, so the same drill file and
// seed give the same bytes on every run and machine; wall-clock figures live
// in the manifest alone. Formats are documented in the README.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/measures.hpp"

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

std::string summary_json(const models::DrillMeasures& m, const RunInfo& info);
std::string summary_text(const models::DrillMeasures& m, const RunInfo& info);

}  // namespace drill::io
