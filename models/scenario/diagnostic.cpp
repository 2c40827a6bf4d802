#include "models/scenario/diagnostic.hpp"

#include <algorithm>

namespace drill::models::scenario {

std::string format(const Diagnostic& d) {
  std::string out = d.file;
  if (d.line > 0) {
    out += ':' + std::to_string(d.line) + ':' + std::to_string(d.column);
  }
  out += d.severity == Severity::error ? ": error: " : ": warning: ";
  if (!d.path.empty()) out += d.path + ": ";
  out += d.message;
  if (!d.hint.empty()) out += "\n  hint: " + d.hint;
  return out;
}

std::string format(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const Diagnostic& d : ds) out += format(d) + '\n';
  return out;
}

void Diagnostics::error(SourcePos at, std::string path, std::string message, std::string hint) {
  add(Severity::error, at, std::move(path), std::move(message), std::move(hint));
}

void Diagnostics::warning(SourcePos at, std::string path, std::string message, std::string hint) {
  add(Severity::warning, at, std::move(path), std::move(message), std::move(hint));
}

void Diagnostics::add(Severity s, SourcePos at, std::string path, std::string message, std::string hint) {
  items_.push_back(Diagnostic{file_, at.line, at.column, std::move(path), std::move(message), std::move(hint), s});
  if (s == Severity::error) ++errors_;
}

void Diagnostics::sort_by_position() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
}

}  // namespace drill::models::scenario
