#include "models/scenario/diagnostic.hpp"

#include <gtest/gtest.h>

namespace drill::models::scenario {
namespace {

TEST(Diagnostic, FormatsFileLineColumnPathMessageAndHint) {
  const Diagnostic d{"drill.yaml", 14, 7, "air.squadrons[2].type", "unknown aircraft type 'F18'",
                     "did you mean 'FA18'?", Severity::error};
  EXPECT_EQ(format(d),
            "drill.yaml:14:7: error: air.squadrons[2].type: unknown aircraft type 'F18'\n"
            "  hint: did you mean 'FA18'?");
}

TEST(Diagnostic, OmitsMissingPositionPathAndHint) {
  const Diagnostic d{"missing.yaml", 0, 0, "", "cannot open the drill file", "", Severity::error};
  EXPECT_EQ(format(d), "missing.yaml: error: cannot open the drill file");
  const Diagnostic w{"a.yaml", 3, 1, "drill", "odd", "", Severity::warning};
  EXPECT_EQ(format(w), "a.yaml:3:1: warning: drill: odd");
}

TEST(Diagnostics, CollectsAllAndSortsStablyByPosition) {
  Diagnostics ds("f.yaml");
  ds.error({5, 2}, "b", "second");
  ds.warning({1, 1}, "a", "first");
  ds.error({5, 2}, "c", "third");
  EXPECT_EQ(ds.error_count(), 2u);
  EXPECT_TRUE(ds.has_errors());
  ds.sort_by_position();
  ASSERT_EQ(ds.all().size(), 3u);
  EXPECT_EQ(ds.all()[0].message, "first");
  EXPECT_EQ(ds.all()[1].message, "second");
  EXPECT_EQ(ds.all()[2].message, "third");
  EXPECT_EQ(ds.all()[0].file, "f.yaml");
}

}  // namespace
}  // namespace drill::models::scenario
