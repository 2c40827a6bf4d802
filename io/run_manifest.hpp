// A run's manifest: who ran what, on which drill file, with which seed, and
// how it ended. One struct, RunManifest, fills both summary.pb's
// drill.v1.RunManifest (fill_run_manifest) and manifest.json
// (run_manifest_json, which adds the fields of ResultManifest), so the two
// cannot drift apart.
//
// Only `started_at`, `wall_seconds` and `host` depend on the wall clock or
// the machine; every other field is the same for the same drill file, seed,
// command line and build.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "drill/v1/run_summary.pb.h"
#include "io/result_files.hpp"
#include "io/utc_time.hpp"

namespace drill::io {

/// The fields summary.pb's drill.v1.RunManifest holds.
struct RunManifest {
  enum class Status { completed, stopped, failed };
  std::string tool_version;
  std::string git_revision;
  std::vector<std::string> command_line;
  std::string config_path;    // as given on the command line
  std::string config_sha256;  // 64 hex digits, as `sha256sum` prints them
  std::uint64_t seed = 0;
  std::uint32_t replication = 0;  // a single run's replication
  std::uint64_t fingerprint = 0;  // a set's combines its replications'
  std::uint64_t events = 0;
  core::SimTime horizon;  // the simulated end: where the run ended
  /// D+0 00:00 in UTC, when the drill names one.
  std::optional<CalendarStart> calendar_start;
  double wall_seconds = 0.0;
  std::string host;
  Status status = Status::completed;
};

/// A value of the drill changed before validation (`--set PATH=VALUE`).
struct ManifestOverride {
  std::string path;  // as written: naval.units[name=tidespring].count
  std::string value;
};

/// manifest.json's fields: RunManifest's and a few more.
struct ResultManifest {
  RunManifest run;
  std::string drill_name;
  std::string calendar_label;    // the drill's `start` as written
  core::SimTime requested_end;   // the drill's horizon or --until; run.horizon unless stopped
  bool replication_set = false;  // several replications: `replications` counts them
  std::uint64_t replications = 1;
  std::string started_at;  // wall-clock UTC start, ISO 8601
  /// In the order applied; `config_sha256` stays the file's. Written only
  /// when there are any, so a run without them writes what it always did.
  std::vector<ManifestOverride> overrides;
};

const char* status_name(RunManifest::Status status) noexcept;

/// manifest.json ("format": "drillsim.manifest", format version 3): `files`
/// lists the set's other files with their sizes and SHA-256, sorted by name
/// after manifest.json itself (listed by name only: it cannot hold its own
/// checksum).
std::string run_manifest_json(const ResultManifest& manifest, std::vector<FileRecord> files);

/// The same fields as a drill.v1.RunManifest.
void fill_run_manifest(const RunManifest& manifest, drill::v1::RunManifest& out);

/// The machine's host name ("unknown" if it has none).
std::string host_name();
/// The current wall-clock time as ISO 8601 UTC, to the second.
std::string utc_now_iso8601();

}  // namespace drill::io
