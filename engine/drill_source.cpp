#include "engine/drill_source.hpp"

#include <yaml-cpp/yaml.h>

#include "io/sha256.hpp"

namespace drill::engine {

std::optional<io::CalendarStart> calendar_start_of(const std::string& label) {
  std::string iso = label;
  // Drill files write `2026-09-14 00:00Z`; ISO 8601 wants a `T` there.
  if (iso.size() > 10 && iso[10] == ' ') iso[10] = 'T';
  return io::parse_iso8601_utc(iso);
}

namespace {

LoadOutcome outcome_of(models::scenario::LoadResult r, std::string name, std::string sha256,
                       std::vector<models::scenario::Override> overrides) {
  LoadOutcome out;
  out.status = r.status;
  out.diagnostics = std::move(r.diagnostics);
  if (!r.ok()) return out;
  DrillSource d;
  d.path = std::move(name);
  d.sha256 = std::move(sha256);
  d.calendar_start = calendar_start_of(r.drill->drill.start_label);
  d.spec = std::move(*r.drill);
  d.overrides = std::move(overrides);
  out.drill = std::move(d);
  return out;
}

}  // namespace

LoadOutcome load(const std::string& path, models::scenario::LoadOptions options) {
  models::scenario::LoadResult r = models::scenario::load_drill(path, options);
  if (!r.ok()) return outcome_of(std::move(r), path, {}, {});
  return outcome_of(std::move(r), path, io::sha256_file_hex(path), std::move(options.overrides));
}

LoadOutcome load_text(std::string_view yaml, std::string name, models::scenario::LoadOptions options) {
  models::scenario::LoadResult r = models::scenario::load_drill_from_string(yaml, name, options.overrides);
  return outcome_of(std::move(r), std::move(name), io::sha256_hex(yaml), std::move(options.overrides));
}

LoadOutcome load_document(const YAML::Node& root, std::string name, models::scenario::LoadOptions options) {
  YAML::Emitter text;
  text << root;
  // Nodes share their data, so overrides go to a deep copy (made only when
  // there are any); yaml-cpp's copy keeps no positions.
  models::scenario::LoadResult r = models::scenario::load_drill_from_document(
      options.overrides.empty() ? root : YAML::Clone(root), name, options.overrides);
  return outcome_of(std::move(r), std::move(name), io::sha256_hex(text.c_str()), std::move(options.overrides));
}

DrillTextLoader::DrillTextLoader(std::string_view yaml, std::string name)
    : yaml_(yaml), name_(std::move(name)), sha256_(io::sha256_hex(yaml)) {}

DrillTextLoader::~DrillTextLoader() = default;

LoadOutcome DrillTextLoader::load(models::scenario::LoadOptions options) {
  if (root_) {
    models::scenario::LoadResult r =
        models::scenario::load_drill_from_document(YAML::Clone(*root_), name_, options.overrides);
    if (r.diagnostics.empty()) return outcome_of(std::move(r), name_, sha256_, std::move(options.overrides));
    root_.reset();  // positions wanted: from the text, now and from now on
  }
  models::scenario::LoadResult r = models::scenario::load_drill_from_string(yaml_, name_, options.overrides);
  if (first_ && r.diagnostics.empty()) root_ = std::make_unique<YAML::Node>(YAML::Load(std::string(yaml_)));
  first_ = false;
  return outcome_of(std::move(r), name_, sha256_, std::move(options.overrides));
}

}  // namespace drill::engine
