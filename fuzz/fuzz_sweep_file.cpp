// Fuzzes the sweep file parser: YAML text in, and every outcome is a sweep
// or diagnostics with a position, never a crash, a hang or unbounded memory.
// A sweep that parses is consistent: a search or design points (never
// both, never neither), every point starts with the fixed overrides, a
// grid's points are the product of its parameters' values, and
// replications are 1 <= min <= max. The drill itself is not loaded (the
// drill loader has its own harness).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sweep/sweep_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace drill::sweep;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const SweepLoad l = parse_sweep(text, "fuzz/sweep.yaml");
  if (!l.sweep) {
    if (l.diagnostics.empty()) std::abort();  // refused without saying why
  } else {
    const SweepFile& s = *l.sweep;
    if (s.search.has_value() == !s.points.empty()) std::abort();
    for (const PointPlan& p : s.points) {
      if (p.overrides.size() < s.set.size()) std::abort();
      for (std::size_t i = 0; i < s.set.size(); ++i)
        if (p.overrides[i].text() != s.set[i].text()) std::abort();
    }
    if (s.search && s.search->from > s.search->to) std::abort();
    if (s.replications.min < 1 || s.replications.min > s.replications.max) std::abort();
  }
  for (const auto& d : l.diagnostics)
    if (d.message.empty() || d.line < 0 || d.column < 0) std::abort();
  return 0;
}
