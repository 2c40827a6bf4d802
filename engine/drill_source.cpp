#include "engine/drill_source.hpp"

#include "io/sha256.hpp"

namespace drill::engine {

std::optional<io::CalendarStart> calendar_start_of(const std::string& label) {
  std::string iso = label;
  // Drill files write `2026-09-14 00:00Z`; ISO 8601 wants a `T` there.
  if (iso.size() > 10 && iso[10] == ' ') iso[10] = 'T';
  return io::parse_iso8601_utc(iso);
}

LoadOutcome load(const std::string& path, models::scenario::LoadOptions options) {
  models::scenario::LoadResult r = models::scenario::load_drill(path, options);
  LoadOutcome out;
  out.status = r.status;
  out.diagnostics = std::move(r.diagnostics);
  if (!r.ok()) return out;
  DrillSource d;
  d.path = path;
  d.sha256 = io::sha256_file_hex(path);
  d.calendar_start = calendar_start_of(r.drill->drill.start_label);
  d.spec = std::move(*r.drill);
  out.drill = std::move(d);
  return out;
}

}  // namespace drill::engine
