// The table of bad drills (bad_drills.hpp) through the loader: each is
// refused with an error at its marker that names its key, every error
// carries a position, and the warned drills load with their warning. The
// command line's side (exit 65, nothing written) is bad_drills_cli_test.py.
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "models/scenario/load_drill.hpp"
#include "tests/models/scenario/bad_drills.hpp"

namespace drill::models::scenario {
namespace {

using tests::BadDrill;
using tests::bad_drill_text;

std::string describe(const std::vector<Diagnostic>& ds) { return ds.empty() ? "(no diagnostics)\n" : format(ds); }

/// The diagnostic of `severity` at the case's marker with its path and the
/// fragment in its message or hint, or null.
const Diagnostic* expected_in(const std::vector<Diagnostic>& ds, const BadDrill& c, int line, int column,
                              Severity severity) {
  for (const Diagnostic& d : ds)
    if (d.severity == severity && d.path == c.path && d.line == line && d.column == column &&
        (d.message + "\n" + d.hint).find(c.fragment) != std::string::npos)
      return &d;
  return nullptr;
}

TEST(BadDrills, TheBaseDrillIsValidWithoutWarnings) {
  const LoadResult r = load_drill_from_string(tests::kBadDrillBase, "base.yaml");
  ASSERT_TRUE(r.ok()) << describe(r.diagnostics);
  EXPECT_TRUE(r.diagnostics.empty()) << describe(r.diagnostics);
}

TEST(BadDrills, AHorizonThatCannotBeReadIsOneErrorNotOneMorePerTimeOfThePlan) {
  // The base's phase ends and its task's deadline were once also reported
  // as "after the drill horizon (D+0 00:00:00)".
  for (const std::string horizon : {"-1d", ".nan", "1e400d", "[2d]"}) {
    SCOPED_TRACE(horizon);
    std::string text(tests::kBadDrillBase);
    text.replace(text.find("horizon: 2d"), 11, "horizon: " + horizon);
    const LoadResult r = load_drill_from_string(text, "horizon.yaml");
    ASSERT_EQ(r.diagnostics.size(), 1u) << describe(r.diagnostics);
    EXPECT_EQ(r.diagnostics.front().path, "drill.horizon");
  }
}

TEST(BadDrills, TheTableHoldsAtLeastEightyCasesWithDistinctNames) {
  const auto cases = tests::bad_drills();
  EXPECT_GE(cases.size(), 80u);
  std::set<std::string> names;
  for (const BadDrill& c : cases) EXPECT_TRUE(names.insert(c.name).second) << "two cases named " << c.name;
}

TEST(BadDrills, EachIsRefusedWithItsKeyAndPosition) {
  for (const BadDrill& c : tests::bad_drills()) {
    SCOPED_TRACE(c.name);
    const tests::BadDrillText t = bad_drill_text(c);
    const LoadResult r = load_drill_from_string(t.text, c.name + ".yaml");
    EXPECT_FALSE(r.ok()) << c.name << " was accepted:\n" << describe(r.diagnostics);
    EXPECT_NE(expected_in(r.diagnostics, c, t.line, t.column, Severity::error), nullptr)
        << c.name << ": expected an error at " << t.line << ":" << t.column << " on '" << c.path << "' saying '"
        << c.fragment << "', got:\n"
        << describe(r.diagnostics);
    for (const Diagnostic& d : r.diagnostics)
      EXPECT_GT(d.line, 0) << c.name << ": a diagnostic without a position: " << format(d);
  }
}

TEST(BadDrills, EachWarnedDrillLoadsWithItsWarning) {
  for (const BadDrill& c : tests::warned_drills()) {
    SCOPED_TRACE(c.name);
    const tests::BadDrillText t = bad_drill_text(c);
    const LoadResult r = load_drill_from_string(t.text, c.name + ".yaml");
    EXPECT_TRUE(r.ok()) << c.name << " was refused:\n" << describe(r.diagnostics);
    EXPECT_NE(expected_in(r.diagnostics, c, t.line, t.column, Severity::warning), nullptr)
        << c.name << ": expected a warning at " << t.line << ":" << t.column << " on '" << c.path << "' saying '"
        << c.fragment << "', got:\n"
        << describe(r.diagnostics);
  }
}

}  // namespace
}  // namespace drill::models::scenario
