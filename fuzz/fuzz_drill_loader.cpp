// Fuzzes the drill loader end to end: YAML text in, and every outcome is a
// validated drill or diagnostics with a position, never a crash, a hang or
// unbounded memory (libFuzzer's -timeout and -rss_limit_mb enforce the
// last two). A valid drill must have passed every check: its horizon is
// positive and its name is set.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "models/scenario/load_drill.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace drill::models::scenario;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const LoadResult r = load_drill_from_string(text, "fuzz.yaml");
  if (r.ok()) {
    if (r.drill->drill.horizon <= drill::core::Duration::zero() || r.drill->drill.name.empty()) std::abort();
  } else if (r.diagnostics.empty()) {
    std::abort();  // refused without saying why
  }
  for (const Diagnostic& d : r.diagnostics)
    if (d.message.empty() || d.line < 0 || d.column < 0) std::abort();
  return 0;
}
