// Parameter overrides (`--set PATH=VALUE`): the path grammar, applying them
// before validation, and diagnostics that point at the key in the file and
// name the override.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "models/scenario/load_drill.hpp"
#include "models/scenario/overrides.hpp"

namespace drill::models::scenario {
namespace {

const std::filesystem::path kSmall = std::filesystem::path(DRILL_SOURCE_DIR) / "configs" / "small.yaml";
const std::filesystem::path kJoint = std::filesystem::path(DRILL_SOURCE_DIR) / "configs" / "joint_drill.yaml";

Override set(const std::string& text) {
  std::string error;
  auto o = parse_override(text, error);
  if (!o) throw std::runtime_error(error);
  return *o;
}

/// 1-based line and column of the first `needle` in the file.
std::pair<int, int> position_in(const std::filesystem::path& file, const std::string& needle) {
  std::ifstream in(file);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n)
    if (auto c = line.find(needle); c != std::string::npos) return {n, static_cast<int>(c) + 1};
  return {0, 0};
}

LoadResult load_with(const std::filesystem::path& file, std::vector<std::string> sets) {
  LoadOptions options;
  for (const auto& s : sets) options.overrides.push_back(set(s));
  return load_drill(file, options);
}

TEST(Overrides, ParseKeysIndicesAndSelectors) {
  const Override o = set("naval.units[name=tidespring].count=2");
  EXPECT_EQ(o.path_text, "naval.units[name=tidespring].count");
  EXPECT_EQ(o.value, "2");
  EXPECT_EQ(o.origin, "--set naval.units[name=tidespring].count=2");
  ASSERT_EQ(o.path.size(), 4u);
  EXPECT_EQ(o.path[0].kind, PathStep::Kind::key);
  EXPECT_EQ(o.path[1].key, "units");
  EXPECT_EQ(o.path[2].kind, PathStep::Kind::select);
  EXPECT_EQ(o.path[2].key, "name");
  EXPECT_EQ(o.path[2].value, "tidespring");
  EXPECT_EQ(o.path[3].key, "count");

  const Override i = set("comms.links[3].bandwidth=64 kbit/s");
  ASSERT_EQ(i.path.size(), 4u);
  EXPECT_EQ(i.path[2].kind, PathStep::Kind::index);
  EXPECT_EQ(i.path[2].index, 3u);
  EXPECT_EQ(i.value, "64 kbit/s");
  // The first `=` outside brackets splits; the value may hold more.
  EXPECT_EQ(set("a[name=x=y].b=c=d").path[1].value, "x=y");
  EXPECT_EQ(set("a[name=x=y].b=c=d").value, "c=d");
  EXPECT_EQ(set("drill.warm_up=").value, "");
}

TEST(Overrides, MalformedTextIsRefusedWithTheReason) {
  for (const char* bad : {"naval.units", "=2", ".a=1", "a..b=1", "a.=1", "a[0=1", "a]=1", "[0].a=1", "a[x].b=1",
                          "a[-1]=1", "a[0]b=1", "a[=x]=1", "a[name=]=1"}) {
    std::string error;
    EXPECT_FALSE(parse_override(bad, error)) << bad;
    EXPECT_NE(error.find(bad[0] == '=' ? "empty" : ""), std::string::npos) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
  std::string error;
  parse_override("naval.units", error);
  EXPECT_NE(error.find("is not PATH=VALUE"), std::string::npos) << error;
}

TEST(Overrides, AValueSetBySelectorOrIndexIsWhatTheDrillGets) {
  const LoadResult plain = load_drill(kJoint);
  ASSERT_TRUE(plain.ok());
  const LoadResult r = load_with(kJoint, {"naval.units[name=tidespring].count=2", "comms.links[name=qe_satcom].bandwidth='256 kbit/s'",
                                          "air.squadrons[0].count=3"});
  ASSERT_TRUE(r.ok()) << format(r.diagnostics);
  const auto unit = [&](const DrillSpec& s, const std::string& name) {
    for (const auto& u : s.naval.units)
      if (u.name == name) return u;
    throw std::runtime_error("no unit " + name);
  };
  EXPECT_EQ(unit(r.drill.value(), "tidespring").count, 2);
  EXPECT_EQ(unit(plain.drill.value(), "tidespring").count, 1);  // the file leaves `count` out: it is added
  EXPECT_EQ(r.drill->air.squadrons.at(0).count, 3);
  bool link_seen = false;
  for (const auto& l : r.drill->comms.links)
    if (l.name == "qe_satcom") {
      link_seen = true;
      EXPECT_DOUBLE_EQ(l.bandwidth_bps, 256000.0);
    }
  EXPECT_TRUE(link_seen);
}

TEST(Overrides, AnAddedKeyTheLoaderDoesNotKnowIsItsUnknownKeyErrorNamingTheOverride) {
  const LoadResult r = load_with(kSmall, {"air.squadrons[0].cuont=2"});
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  const Diagnostic& d = r.diagnostics[0];
  EXPECT_EQ(d.path, "air.squadrons[0].cuont");
  EXPECT_NE(d.message.find("unknown key 'cuont'"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("(set by --set air.squadrons[0].cuont=2)"), std::string::npos) << d.message;
  EXPECT_NE(d.hint.find("count"), std::string::npos) << d.hint;
  EXPECT_EQ(d.line, position_in(kSmall, "{name: ii_sqn").first);  // the mapping it was added to
}

TEST(Overrides, ALaterOverrideOfTheSamePathWins) {
  const LoadResult r = load_with(kSmall, {"air.squadrons[0].count=2", "air.squadrons[name=ii_sqn].count=3"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.drill->air.squadrons.at(0).count, 3);
}

TEST(Overrides, ABadValueIsReportedAtTheKeyInTheFileNamingTheOverride) {
  const LoadResult r = load_with(kSmall, {"air.squadrons[name=ii_sqn].count=-2"});
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  const Diagnostic& d = r.diagnostics[0];
  // Where the loader points for the file's own value of that key.
  const auto [line, column] = position_in(kSmall, "count: 4");
  EXPECT_EQ(d.line, line);
  EXPECT_EQ(d.column, column + 7);  // the value after `count: `
  EXPECT_EQ(d.path, "air.squadrons[0].count");
  EXPECT_NE(d.message.find("'-2' is outside"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("(set by --set air.squadrons[name=ii_sqn].count=-2)"), std::string::npos) << d.message;
}

TEST(Overrides, AWholeElementReplacedKeepsItsLineAndItsErrorsNameTheOverride) {
  const LoadResult r = load_with(kSmall, {"air.squadrons[0]={name: ii_sqn, type: Tornado, base: lossie, count: 4}"});
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, position_in(kSmall, "{name: ii_sqn").first);
  EXPECT_NE(r.diagnostics[0].message.find("set by --set air.squadrons[0]="), std::string::npos);
}

TEST(Overrides, APathThatDoesNotResolveIsAnErrorNamingTheOverride) {
  struct Case {
    const char* set;
    const char* path;
    const char* message;
    const char* hint;
  };
  for (const Case& c : std::vector<Case>{
           {"naval.units[name=argyl].class=type23", "naval.units", "no element whose name is 'argyl'", "argyll"},
           {"air.squadron.count=3", "air", "no key 'squadron' here", "squadrons"},
           {"air.squadrons[4].count=3", "air.squadrons", "index [4] is out of range: the list has 1 element", "[0]"},
           {"drill.name.first=x", "drill.name", "not a mapping with the key 'first'", ""},
           {"drill[0]=x", "drill", "not a list", ""},
           {"nowhere.at_all=1", "", "no key 'nowhere' at the top of the drill", "drill"},
           {"nowhere=1", "nowhere", "unknown key 'nowhere'", ""},
       }) {
    const LoadResult r = load_with(kSmall, {c.set});
    ASSERT_FALSE(r.ok()) << c.set;
    ASSERT_EQ(r.diagnostics.size(), 1u) << c.set << "\n" << format(r.diagnostics);
    const Diagnostic& d = r.diagnostics[0];
    EXPECT_EQ(d.path, c.path) << c.set;
    EXPECT_NE(d.message.find(c.message), std::string::npos) << d.message;
    EXPECT_NE(d.message.find(std::string("(set by --set ") + c.set + ")"), std::string::npos) << d.message;
    EXPECT_NE(d.hint.find(c.hint), std::string::npos) << d.hint;
    EXPECT_GT(d.line, 0) << c.set;
  }
}

TEST(Overrides, AValueThatIsNotYamlIsAnError) {
  const LoadResult r = load_with(kSmall, {"air.squadrons[0].count=[1, 2"});
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_NE(r.diagnostics[0].message.find("is not YAML"), std::string::npos);
  EXPECT_EQ(r.diagnostics[0].line, position_in(kSmall, "count: 4").first);
}

TEST(Overrides, DiagnosticsOutsideTheOverriddenValueAreLeftAlone) {
  std::vector<Diagnostic> ds(4);
  ds[0].path = "air.squadrons[0].count";
  ds[1].path = "air.squadrons[0].countdown";
  ds[2].path = "air.squadrons[0]";
  ds[3].path = "air.squadrons[0].count[1]";
  const Override o = set("air.squadrons[0].count=1");
  annotate_overridden(ds, {AppliedOverride{"air.squadrons[0].count", &o}});
  EXPECT_NE(ds[0].message.find("set by"), std::string::npos);
  EXPECT_EQ(ds[1].message, "");
  EXPECT_EQ(ds[2].message, "");
  EXPECT_NE(ds[3].message.find("set by"), std::string::npos);
}

}  // namespace
}  // namespace drill::models::scenario
