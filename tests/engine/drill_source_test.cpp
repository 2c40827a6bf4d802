// Drills from memory: a YAML string or a parsed document loads through the
// same loader as a file, with the same checks, overrides and diagnostics.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

models::scenario::LoadOptions with(const std::vector<std::string>& overrides) {
  models::scenario::LoadOptions options;
  for (const std::string& text : overrides) {
    std::string error;
    options.overrides.push_back(*models::scenario::parse_override(text, error));
  }
  return options;
}

void expect_same_outcome(const LoadOutcome& a, const LoadOutcome& b) {
  ASSERT_EQ(a.ok(), b.ok());
  ASSERT_EQ(a.diagnostics.size(), b.diagnostics.size());
  for (std::size_t i = 0; i < a.diagnostics.size(); ++i) {
    EXPECT_EQ(a.diagnostics[i].line, b.diagnostics[i].line) << i;
    EXPECT_EQ(a.diagnostics[i].column, b.diagnostics[i].column) << i;
    EXPECT_EQ(a.diagnostics[i].path, b.diagnostics[i].path) << i;
    EXPECT_EQ(a.diagnostics[i].message, b.diagnostics[i].message) << i;
  }
  if (!a.ok()) return;
  EXPECT_EQ(a.drill->path, b.drill->path);
  EXPECT_EQ(a.drill->sha256, b.drill->sha256);
  EXPECT_EQ(a.drill->overrides.size(), b.drill->overrides.size());
  EXPECT_EQ(run_source(*a.drill).fingerprint, run_source(*b.drill).fingerprint);
}

// A sweep loads one text with one set of overrides after another: the
// loader's outcomes are load_text's, also for a set that is wrong after
// valid ones (its diagnostics have their lines: made again from the text)
// and for every set after it.
TEST(DrillSource, ALoaderOfOneTextGivesWhatLoadingTheTextGives) {
  const std::string text = read_file(kSmall);
  DrillTextLoader loader(text, "small");
  const std::vector<std::vector<std::string>> sets{
      {"air.squadrons[name=ii_sqn].count=2"},
      {"air.squadrons[name=ii_sqn].count=3", "drill.seed=11"},
      {},
      {"air.squadrons[name=ii_sqn].count=x"},  // not a count
      {"naval.units[name=nobody].count=2"},     // no such unit
      {"air.squadrons[name=ii_sqn].count=1"},
  };
  for (const std::vector<std::string>& set : sets) {
    SCOPED_TRACE(set.empty() ? "no overrides" : set.front());
    const LoadOutcome got = loader.load(with(set));
    const LoadOutcome want = load_text(text, "small", with(set));
    expect_same_outcome(got, want);
    if (!want.ok()) {
      ASSERT_FALSE(got.diagnostics.empty());
      EXPECT_GT(got.diagnostics.front().line, 0);
    }
  }
  EXPECT_EQ(loader.load(with({"air.squadrons[name=ii_sqn].count=2"})).drill->spec.air.squadrons.at(0).count, 2);
}

TEST(DrillSource, ALoaderOfATextWithSomethingToSayGivesItsDiagnosticsEveryTime) {
  std::string text = read_file(kSmall);
  text.replace(text.find("count: 4"), 8, "count: x");
  DrillTextLoader loader(text, "broken");
  for (int i = 0; i < 3; ++i)
    expect_same_outcome(loader.load(with({"drill.seed=5"})), load_text(text, "broken", with({"drill.seed=5"})));
}

}  // namespace
}  // namespace drill::engine
