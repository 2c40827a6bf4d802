// Diagnostics: what the loader reports about a drill file.
//
// A `Diagnostic` pins one problem to a place in the file (1-based line and
// column; 0 when the position is unknown, e.g. a missing file), the key path
// of the offending value (`air.squadrons[2].type`), a message and an optional
// hint. `Diagnostics` collects them so that every problem in a file is
// reported in one pass rather than stopping at the first.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace drill::models::scenario {

/// A position in the source file, 1-based; line 0 means "no position".
struct SourcePos {
  int line = 0;
  int column = 0;
};

enum class Severity { error, warning };

struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string path;  // key path, e.g. `naval.units[3].class`; may be empty
  std::string message;
  std::string hint;  // e.g. "did you mean 'FA18'?"; may be empty
  Severity severity = Severity::error;
};

/// `drill.yaml:14:7: error: air.squadrons[2].type: unknown aircraft type 'F18'`
/// followed by `\n  hint: ...` when there is a hint. No trailing newline.
std::string format(const Diagnostic& d);

/// Formats every diagnostic, one after another, each ending in a newline.
std::string format(const std::vector<Diagnostic>& ds);

/// Collects diagnostics for one file. Order of insertion is kept until
/// `sort_by_position` is called.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  void error(SourcePos at, std::string path, std::string message, std::string hint = {});
  void warning(SourcePos at, std::string path, std::string message, std::string hint = {});

  bool has_errors() const noexcept { return errors_ > 0; }
  std::size_t error_count() const noexcept { return errors_; }
  const std::vector<Diagnostic>& all() const noexcept { return items_; }
  const std::string& file() const noexcept { return file_; }

  /// Stable sort by (line, column): reading order, with position-less
  /// diagnostics first and ties kept in the order they were found.
  void sort_by_position();
  std::vector<Diagnostic> take() { return std::move(items_); }

 private:
  void add(Severity s, SourcePos at, std::string path, std::string message, std::string hint);

  std::string file_;
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
};

}  // namespace drill::models::scenario
