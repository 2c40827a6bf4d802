// A drill read for a run: the validated spec plus what the manifest says
// about where it came from (the file's path as given, or a display name for a
// drill from memory; the SHA-256 of the bytes read; the overrides applied;
// the calendar start).
//
// `load` prints nothing: the loader's diagnostics come back as values, for
// the CLI to print, a server to send, a sweep to log. A drill from a file, a
// YAML string or a parsed document goes through the same loader, so it gets
// the same checks and the same diagnostics (named by the path or the display
// name). Overrides (LoadOptions::overrides) are applied before validation.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/utc_time.hpp"
#include "models/scenario/load_drill.hpp"
#include "models/scenario/overrides.hpp"

namespace YAML {
class Node;
}

namespace drill::engine {

struct DrillSource {
  std::string path;    // as given; a drill from memory: its display name
  std::string sha256;  // of the bytes loaded (the file's or the text's, before overrides), 64 hex digits
  models::scenario::DrillSpec spec;
  /// D+0 00:00 in UTC when the drill's `start` reads as one
  /// (`2026-09-14 00:00Z` or `2026-09-14T00:00:00Z`).
  std::optional<io::CalendarStart> calendar_start;
  /// What was changed before validation, in the order applied (recorded in
  /// the manifest).
  std::vector<models::scenario::Override> overrides;
};

struct LoadOutcome {
  models::scenario::LoadStatus status = models::scenario::LoadStatus::invalid;
  /// Errors and warnings in file order, valid drill or not.
  std::vector<models::scenario::Diagnostic> diagnostics;
  std::optional<DrillSource> drill;
  bool ok() const noexcept { return drill.has_value(); }
};

/// A drill file.
LoadOutcome load(const std::string& path, models::scenario::LoadOptions options = {});
/// A drill written in memory; `name` stands for the file in diagnostics and
/// in the manifest. `options.max_file_bytes` does not apply.
LoadOutcome load_text(std::string_view yaml, std::string name, models::scenario::LoadOptions options = {});
/// A parsed drill document (positions are its marks; none for nodes built
/// in code). The hash is that of the document as yaml-cpp writes it out.
/// Overrides apply to a deep copy, which keeps no positions (`root` is left
/// as it was); for diagnostics with line and column, load the text.
LoadOutcome load_document(const YAML::Node& root, std::string name, models::scenario::LoadOptions options = {});

/// One drill text loaded with one set of overrides after another (a sweep's
/// design points): load_text's outcome each time, without parsing the text
/// each time. The first load goes by the text; when it has nothing to say
/// (no error, no warning) the text is parsed once more and kept, and later
/// loads work on a deep copy of that document (configs/small.yaml: a copy
/// 0.12 ms where a parse took 0.43 ms; configs/joint_drill.yaml 0.53 ms
/// against 2.8 ms). yaml-cpp's copy keeps no positions, so a load from a
/// copy that has anything to say is made again from the text, whose
/// diagnostics have them, and every load after it goes by the text too.
/// The hash is the text's, as load_text's. Not thread-safe (yaml-cpp's
/// nodes share reference-counted data): one loader a thread.
class DrillTextLoader {
 public:
  /// `yaml` must outlive the loader.
  DrillTextLoader(std::string_view yaml, std::string name);
  ~DrillTextLoader();
  DrillTextLoader(const DrillTextLoader&) = delete;
  DrillTextLoader& operator=(const DrillTextLoader&) = delete;

  LoadOutcome load(models::scenario::LoadOptions options);

 private:
  std::string_view yaml_;
  std::string name_;
  std::string sha256_;
  bool first_ = true;
  std::unique_ptr<YAML::Node> root_;  // null: loads go by the text
};

/// A drill's `start` label as a calendar start; nullopt if it is not a UTC
/// date and time.
std::optional<io::CalendarStart> calendar_start_of(const std::string& label);

}  // namespace drill::engine
