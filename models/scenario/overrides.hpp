// Parameter overrides: `PATH=VALUE` pairs that change a drill document
// before it is validated (`drillsim run FILE --set naval.units[name=tidespring].count=2`;
// a sweep sets its axes with the same type).
//
// PATH is a key path into the drill's YAML: keys joined by dots, `[N]` for
// the N-th element of a list (from 0), `[KEY=X]` for the one element of a
// list of mappings whose KEY is X (usually `[name=X]`). VALUE is YAML: `2`,
// `64 kbit/s`, `'64 kbit/s'`, `[a, b]`, `{count: 2}`; empty means null.
//
// Invariants: every key, index and selector on the path must resolve, except
// the last key, which may be added to its mapping (an optional key the file
// leaves out; one the loader does not know is then its "unknown key" error).
// A replacement carries the line and column of the value it replaces (an
// added key, those of its mapping), so a validation error on it points at
// the key in the file, and its diagnostic names the override (`set by --set
// PATH=VALUE`). Overrides apply in order; a later one on the same path wins.
// Costs: applying is linear in the path's length times the lists' lengths
// it selects from; the value is parsed once.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario/diagnostic.hpp"

namespace YAML {
class Node;
}

namespace drill::models::scenario {

/// One step of an override's path.
struct PathStep {
  enum class Kind { key, index, select };
  Kind kind = Kind::key;
  std::string key;    // key: the key; select: the element's key compared (`name`)
  std::string value;  // select: the value it must have
  std::size_t index = 0;
};

struct Override {
  std::string path_text;  // as written: `naval.units[name=tidespring].count`
  std::vector<PathStep> path;
  std::string value;  // YAML text of the new value
  /// Who asked for it, in diagnostics: `--set PATH=VALUE` by default.
  std::string origin;

  /// `PATH=VALUE`, as given.
  std::string text() const { return path_text + "=" + value; }
};

/// Parses `PATH=VALUE` (split at the first `=` outside brackets). Nullopt
/// with `error` set when the text is not one; `origin_prefix` + the text
/// becomes the override's origin.
std::optional<Override> parse_override(std::string_view text, std::string& error,
                                       std::string_view origin_prefix = "--set ");

/// Applies `overrides` to `root` in order. A path that does not resolve (no
/// such key on the way, no element named X, an index out of range, a value
/// that is not YAML) is an error in `diags` at the closest position, naming
/// the override;
/// that override is then skipped. Returns, for each override applied, the
/// key path the loader uses for the replaced value (`naval.units[3].count`),
/// paired with the override; see annotate_overridden.
struct AppliedOverride {
  std::string resolved_path;
  const Override* by = nullptr;
};
std::vector<AppliedOverride> apply_overrides(YAML::Node& root, const std::vector<Override>& overrides,
                                             Diagnostics& diags);

/// Adds `(set by ORIGIN)` to every diagnostic whose key path is an
/// overridden value or lies inside one (the latest override wins).
void annotate_overridden(std::vector<Diagnostic>& diagnostics, const std::vector<AppliedOverride>& applied);

}  // namespace drill::models::scenario
