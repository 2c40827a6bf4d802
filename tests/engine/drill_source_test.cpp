// Drills from memory: a YAML string or a parsed document loads through the
// same loader as a file, with the same checks, overrides and diagnostics.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/drill_source.hpp"
#include "engine/run_loop.hpp"
#include "io/sha256.hpp"

namespace drill::engine {
namespace {

const std::filesystem::path kSmall = std::filesystem::path(DRILL_SOURCE_DIR) / "configs" / "small.yaml";

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

RunResult run_source(const DrillSource& d) {
  return run(d.spec, RunSettings{.seed = d.spec.drill.seed, .replication = 0,
                                 .horizon = core::at(d.spec.drill.horizon)});
}

TEST(DrillSource, ATextInMemoryIsTheSameDrillAsItsFile) {
  const std::string text = read_file(kSmall);
  const LoadOutcome file = load(kSmall.string());
  const LoadOutcome memory = load_text(text, "small (in memory)");
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE(memory.ok());
  EXPECT_EQ(memory.drill->path, "small (in memory)");
  EXPECT_EQ(memory.drill->sha256, file.drill->sha256);  // the same bytes
  EXPECT_EQ(memory.drill->calendar_start, file.drill->calendar_start);
  EXPECT_EQ(run_source(*memory.drill).fingerprint, run_source(*file.drill).fingerprint);
}

TEST(DrillSource, ATextsDiagnosticsNameItAndPointIntoIt) {
  std::string text = read_file(kSmall);
  text.replace(text.find("count: 4"), 8, "count: x");
  const LoadOutcome r = load_text(text, "drill from the editor");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].file, "drill from the editor");
  EXPECT_EQ(r.diagnostics[0].path, "air.squadrons[0].count");
  EXPECT_GT(r.diagnostics[0].line, 0);
}

TEST(DrillSource, OverridesApplyToATextAndAreKeptForTheManifest) {
  models::scenario::LoadOptions options;
  std::string error;
  options.overrides.push_back(*models::scenario::parse_override("air.squadrons[name=ii_sqn].count=2", error));
  const LoadOutcome r = load_text(read_file(kSmall), "small", options);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.drill->spec.air.squadrons.at(0).count, 2);
  ASSERT_EQ(r.drill->overrides.size(), 1u);
  EXPECT_EQ(r.drill->overrides[0].path_text, "air.squadrons[name=ii_sqn].count");
  EXPECT_EQ(r.drill->sha256, io::sha256_hex(read_file(kSmall)));  // the text's, not the changed drill's
}

TEST(DrillSource, AParsedDocumentLoadsAndOverridesLeaveItAlone) {
  const YAML::Node doc = YAML::LoadFile(kSmall.string());
  const LoadOutcome plain = load_document(doc, "document");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(run_source(*plain.drill).fingerprint, run_source(*load(kSmall.string()).drill).fingerprint);
  EXPECT_EQ(plain.drill->sha256.size(), 64u);

  models::scenario::LoadOptions options;
  std::string error;
  options.overrides.push_back(*models::scenario::parse_override("air.squadrons[0].count=3", error));
  const LoadOutcome changed = load_document(doc, "document", options);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed.drill->spec.air.squadrons.at(0).count, 3);
  EXPECT_EQ(doc["air"]["squadrons"][0]["count"].as<int>(), 4);  // the caller's document is unchanged
}

}  // namespace
}  // namespace drill::engine
