// A drill file read for a run: the validated spec plus what the manifest
// says about the file (its path as given, SHA-256, calendar start).
//
// `load` prints nothing: the loader's diagnostics come back as values, for
// the CLI to print, a server to send, a sweep to log.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "io/utc_time.hpp"
#include "models/scenario/load_drill.hpp"

namespace drill::engine {

struct DrillSource {
  std::string path;    // as given
  std::string sha256;  // of the bytes loaded, 64 hex digits
  models::scenario::DrillSpec spec;
  /// D+0 00:00 in UTC when the drill's `start` reads as one
  /// (`2026-09-14 00:00Z` or `2026-09-14T00:00:00Z`).
  std::optional<io::CalendarStart> calendar_start;
};

struct LoadOutcome {
  models::scenario::LoadStatus status = models::scenario::LoadStatus::invalid;
  /// Errors and warnings in file order, valid drill or not.
  std::vector<models::scenario::Diagnostic> diagnostics;
  std::optional<DrillSource> drill;
  bool ok() const noexcept { return drill.has_value(); }
};

LoadOutcome load(const std::string& path, models::scenario::LoadOptions options = {});

/// A drill's `start` label as a calendar start; nullopt if it is not a UTC
/// date and time.
std::optional<io::CalendarStart> calendar_start_of(const std::string& label);

}  // namespace drill::engine
