// Loading a drill file: YAML in, a checked DrillSpec or every diagnostic out.
//
// Library code: nothing is printed and nothing exits. A caller maps the
// status to its own conventions (the CLI exits 66 for `file_not_found` and
// 65 for `invalid`). Warnings may accompany a successful load. Loading reads
// the whole file into memory; cost is linear in its size plus the
// quadratic-in-names reference checks, which stay small for real drills.
// A file over `LoadOptions::max_file_bytes` (16 MiB unless raised) is
// refused before parsing: the YAML parser needs about 100 times the file's
// size in memory, and real drills are a few KiB to a few MiB.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario/diagnostic.hpp"
#include "models/scenario/overrides.hpp"
#include "models/scenario/spec.hpp"

namespace YAML {
class Node;
}

namespace drill::models::scenario {

enum class LoadStatus {
  ok,              // `drill` is set and known good
  file_not_found,  // the file does not exist or cannot be read
  invalid,         // syntax or validation errors; see diagnostics
};

struct LoadResult {
  LoadStatus status = LoadStatus::invalid;
  std::optional<DrillSpec> drill;
  /// Errors and warnings in file order.
  std::vector<Diagnostic> diagnostics;

  bool ok() const noexcept { return status == LoadStatus::ok; }
};

inline constexpr std::uint64_t kDefaultMaxFileBytes = std::uint64_t{16} << 20;

struct LoadOptions {
  /// Larger files (and endless ones such as /dev/zero) are `invalid`, unread.
  std::uint64_t max_file_bytes = kDefaultMaxFileBytes;
  /// Applied to the document before validation (overrides.hpp); an override
  /// that does not resolve makes the drill `invalid`.
  std::vector<Override> overrides;
};

/// Loads and validates the drill at `path`. Diagnostics name the file as
/// `path` was given.
LoadResult load_drill(const std::filesystem::path& path, LoadOptions options = {});

/// Same, from text already in memory; `file_name` labels the diagnostics.
LoadResult load_drill_from_string(std::string_view yaml, std::string file_name = "<string>",
                                  const std::vector<Override>& overrides = {});

/// Same, from a parsed document. Positions are the document's marks (none
/// for nodes built in code). Overrides change `root` itself: YAML nodes
/// share their data, so a caller that keeps the document passes a copy.
LoadResult load_drill_from_document(YAML::Node root, std::string file_name = "<document>",
                                    const std::vector<Override>& overrides = {});

}  // namespace drill::models::scenario
