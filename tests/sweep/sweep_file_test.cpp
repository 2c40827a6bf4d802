// The sweep file: parsing (every error with its line), grid order, ranges,
// listed points, searches, and the check of every design point against the
// drill before anything runs.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>

#include "models/scenario/load_drill.hpp"
#include "sweep/sweep_file.hpp"
#include "sweep_test_files.hpp"

namespace drill::sweep {
namespace {

using testing::SweepFolder;
namespace ms = models::scenario;

/// Whether some diagnostic is at `line` and mentions `text` (in its
/// message, hint or key path).
bool has_error(const std::vector<ms::Diagnostic>& ds, int line, const std::string& text) {
  return std::any_of(ds.begin(), ds.end(), [&](const ms::Diagnostic& d) {
    return d.severity == ms::Severity::error && d.line == line &&
           (d.message.find(text) != std::string::npos || d.hint.find(text) != std::string::npos ||
            d.path.find(text) != std::string::npos);
  });
}

std::vector<std::string> overrides_of(const PointPlan& p) {
  std::vector<std::string> out;
  for (const auto& o : p.overrides) out.push_back(o.text());
  return out;
}

TEST(SweepFile, GridVariesTheFirstParameterSlowest) {
  SweepFolder f;
  const SweepLoad l = f.load(
      "drill: small.yaml\n"
      "set:\n"
      "  drill.horizon: 12h\n"
      "parameters:\n"
      "  - path: naval.units[name=argyll].count\n"
      "    values: [1, 2]\n"
      "  - path: air.squadrons[name=ii_sqn].count\n"
      "    values: [2, 3, 4]\n"
      "replications: 3\n");
  ASSERT_TRUE(l.sweep) << ms::format(l.diagnostics);
  const SweepFile& s = *l.sweep;
  EXPECT_EQ(s.name, "sweep");  // the file's stem
  EXPECT_EQ(s.drill, f.dir() / "small.yaml");
  EXPECT_EQ(s.replications.min, 3u);
  EXPECT_EQ(s.replications.max, 3u);
  EXPECT_FALSE(s.replications.sequential());
  EXPECT_TRUE(s.common_random_numbers);
  EXPECT_EQ(s.sha256.size(), 64u);
  ASSERT_EQ(s.points.size(), 6u);
  const std::vector<std::pair<std::string, std::string>> expected[] = {
      {{"1", "2"}}, {{"1", "3"}}, {{"1", "4"}}, {{"2", "2"}}, {{"2", "3"}}, {{"2", "4"}}};
  for (std::size_t i = 0; i < 6; ++i) {
    ASSERT_EQ(s.points[i].parameters.size(), 2u);
    EXPECT_EQ(s.points[i].parameters[0].second, expected[i][0].first) << i;
    EXPECT_EQ(s.points[i].parameters[0].first, "naval.units[name=argyll].count");
    EXPECT_EQ(s.points[i].parameters[1].second, expected[i][0].second) << i;
    // The fixed overrides first, then the parameters in order.
    const auto o = overrides_of(s.points[i]);
    ASSERT_EQ(o.size(), 3u);
    EXPECT_EQ(o[0], "drill.horizon=12h");
  }
  EXPECT_EQ(s.points[5].parameters,
            (std::vector<std::pair<std::string, std::string>>{{"naval.units[name=argyll].count", "2"},
                                                               {"air.squadrons[name=ii_sqn].count", "4"}}));
  // Each override names the sweep line that set it.
  EXPECT_EQ(s.points[0].overrides[0].origin, f.dir().string() + "/sweep.yaml:3: drill.horizon=12h");
  EXPECT_EQ(s.points[4].overrides[2].origin,
            f.dir().string() + "/sweep.yaml:8: air.squadrons[name=ii_sqn].count=3");
}

TEST(SweepFile, RangeGivesEveryStepIncludingTheEndWithItsUnit) {
  SweepFolder f;
  const SweepLoad l = f.load(
      "drill: small.yaml\n"
      "parameters:\n"
      "  - path: comms.links[name=x].bandwidth\n"
      "    range: {from: 32, to: 128, step: 32, unit: kbit/s}\n"
      "  - path: naval.classes[name=type23].critical_fuel\n"
      "    range: {from: 0.1, to: 0.3, step: 0.1}\n"
      "replications: 2\n");
  ASSERT_TRUE(l.sweep) << ms::format(l.diagnostics);
  const auto& p = l.sweep->parameters;
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].values, (std::vector<std::string>{"32 kbit/s", "64 kbit/s", "96 kbit/s", "128 kbit/s"}));
  // 0.1 + 2 * 0.1 is 0.30000000000000004, within a millionth of a step of `to`.
  ASSERT_EQ(p[1].values.size(), 3u);
  EXPECT_EQ(p[1].values[0], "0.1");
  EXPECT_EQ(p[1].values[1], "0.2");
  EXPECT_EQ(p[1].values[2], "0.3");  // to 15 digits: once 0.30000000000000004
  EXPECT_EQ(l.sweep->points.size(), 12u);
}

TEST(SweepFile, ListedPointsKeepTheirOrderAndValues) {
  SweepFolder f;
  const SweepLoad l = f.load(
      "drill: small.yaml\n"
      "points:\n"
      "  - naval.units[name=argyll].count: 2\n"
      "  - {\"naval.units[name=argyll].count\": 1, drill.horizon: '6h'}\n"
      "replications: 1\n");
  ASSERT_TRUE(l.sweep) << ms::format(l.diagnostics);
  const auto& pts = l.sweep->points;
  ASSERT_EQ(pts.size(), 2u);
  EXPECT_EQ(overrides_of(pts[0]), (std::vector<std::string>{"naval.units[name=argyll].count=2"}));
  EXPECT_EQ(overrides_of(pts[1]),
            (std::vector<std::string>{"naval.units[name=argyll].count=1", "drill.horizon=\"6h\""}));
  ASSERT_EQ(l.sweep->parameters.size(), 2u);
  EXPECT_EQ(l.sweep->parameters[0].values, (std::vector<std::string>{"2", "1"}));
}

TEST(SweepFile, SequentialReplicationsSearchWarmUpAndTimeSeries) {
  SweepFolder f;
  const SweepLoad l = f.load(
      "sweep: fewest\n"
      "drill: small.yaml\n"
      "seed: 99\n"
      "common_random_numbers: false\n"
      "search:\n"
      "  parameter: naval.units[name=argyll].count\n"
      "  from: 1\n"
      "  to: 4\n"
      "  find: largest\n"
      "  measure: time_below_critical_fuel\n"
      "  below: 10 h\n"
      "replications: {min: 3, max: 20, relative_half_width: 5%, measures: [time_below_critical_fuel]}\n"
      "warm_up: {series: \"ship_fuel{unit=argyll}\", sample_every: 30min}\n"
      "time_series: {series: [sorties_flown, ship_fuel], sample_every: 2h}\n");
  ASSERT_TRUE(l.sweep) << ms::format(l.diagnostics);
  const SweepFile& s = *l.sweep;
  EXPECT_EQ(s.name, "fewest");
  EXPECT_EQ(s.seed, 99u);
  EXPECT_FALSE(s.common_random_numbers);
  EXPECT_TRUE(s.points.empty());
  ASSERT_TRUE(s.search);
  EXPECT_EQ(s.search->from, 1);
  EXPECT_EQ(s.search->to, 4);
  EXPECT_EQ(s.search->find, Search::Find::largest);
  EXPECT_EQ(s.search->bound, Search::Bound::below);
  EXPECT_DOUBLE_EQ(s.search->target, 36000.0);
  EXPECT_EQ(s.search->target_unit, "seconds");
  EXPECT_EQ(s.search->measure.text, "time_below_critical_fuel");
  EXPECT_EQ(s.search->measure.line, 10);
  EXPECT_TRUE(s.replications.sequential());
  EXPECT_EQ(s.replications.min, 3u);
  EXPECT_EQ(s.replications.max, 20u);
  EXPECT_DOUBLE_EQ(*s.replications.relative_half_width, 0.05);
  ASSERT_EQ(s.replications.measures.size(), 1u);
  EXPECT_EQ(s.replications.measures[0].line, 12);
  ASSERT_TRUE(s.warm_up);
  EXPECT_EQ(s.warm_up->series.text, "ship_fuel{unit=argyll}");
  EXPECT_EQ(s.warm_up->sample_every, core::minutes(30));
  ASSERT_TRUE(s.time_series);
  EXPECT_EQ(s.time_series->series.size(), 2u);
  EXPECT_EQ(s.time_series->sample_every, core::hours(2));
  const PointPlan p = search_point(s, 3);
  EXPECT_EQ(overrides_of(p), (std::vector<std::string>{"naval.units[name=argyll].count=3"}));
  EXPECT_EQ(p.overrides[0].origin, f.dir().string() + "/sweep.yaml:6: naval.units[name=argyll].count=3");
}

TEST(SweepFile, SearchTargetsInEveryUnit) {
  SweepFolder f;
  const auto target = [&](const std::string& t) {
    const SweepLoad l = f.load("drill: small.yaml\nreplications: 2\nsearch: {parameter: a.b, from: 0, to: 2, "
                               "measure: m, above: " + t + "}\n");
    EXPECT_TRUE(l.sweep) << t << "\n" << ms::format(l.diagnostics);
    return l.sweep ? std::make_pair(l.sweep->search->target, l.sweep->search->target_unit)
                   : std::make_pair(-1.0, std::string("?"));
  };
  EXPECT_EQ(target("12.5"), std::make_pair(12.5, std::string()));
  EXPECT_EQ(target("30 min"), std::make_pair(1800.0, std::string("seconds")));
  EXPECT_EQ(target("2 d"), std::make_pair(172800.0, std::string("seconds")));
  EXPECT_EQ(target("'5 %'"), std::make_pair(0.05, std::string("ratio")));
  EXPECT_EQ(target("3 t"), std::make_pair(3.0, std::string("tonnes")));
}

TEST(SweepFile, EveryErrorNamesItsLineAndKey) {
  SweepFolder f;
  const SweepLoad l = f.load(
      "drill: small.yaml\n"                                   // 1
      "seed: -3\n"                                            // 2
      "colour: blue\n"                                        // 3
      "set:\n"                                                // 4
      "  naval.units[name=argyll.count: 2\n"                  // 5
      "parameters:\n"                                         // 6
      "  - path: naval.units[name=argyll].count\n"            // 7
      "    values: []\n"                                      // 8
      "  - path: drill.horizon\n"                             // 9
      "    range: {from: 10, to: 5, step: 1}\n"               // 10
      "  - path: drill.horizon\n"                             // 11
      "    values: [1h]\n"                                    // 12
      "    valeus: [2h]\n"                                    // 13
      "replications: {min: 5, max: 3, relative_half_width: 5%, measures: [\"bad{\"]}\n"  // 14
      "warm_up: {series: x, sample_every: -1h}\n");           // 15
  EXPECT_FALSE(l.sweep);
  const auto& d = l.diagnostics;
  EXPECT_TRUE(has_error(d, 2, "seed")) << ms::format(d);
  EXPECT_TRUE(has_error(d, 3, "unknown key 'colour'")) << ms::format(d);
  EXPECT_TRUE(has_error(d, 5, "not a key path")) << ms::format(d);
  EXPECT_TRUE(has_error(d, 8, "one or more values")) << ms::format(d);
  EXPECT_TRUE(has_error(d, 10, "below `from`")) << ms::format(d);
  EXPECT_TRUE(has_error(d, 11, "varied twice")) << ms::format(d);
  EXPECT_TRUE(has_error(d, 13, "unknown key 'valeus'")) << ms::format(d);
  EXPECT_TRUE(has_error(d, 14, "below `min`")) << ms::format(d);
  EXPECT_TRUE(has_error(d, 14, "not a series name")) << ms::format(d);
  EXPECT_TRUE(has_error(d, 15, "sample_every")) << ms::format(d);
  for (const auto& one : d) {
    EXPECT_EQ(one.file, (f.dir() / "sweep.yaml").string());
    EXPECT_GT(one.column, 0) << one.message;
  }
  // Reading order.
  EXPECT_TRUE(std::is_sorted(d.begin(), d.end(), [](const auto& a, const auto& b) { return a.line < b.line; }));
}

TEST(SweepFile, StructuralErrors) {
  SweepFolder f;
  auto errors = [&](const std::string& text) { return f.load(text).diagnostics; };
  EXPECT_TRUE(has_error(errors("drill: small.yaml\nreplications: 2\n"), 1, "nothing to vary"));
  EXPECT_TRUE(has_error(errors("drill: small.yaml\nreplications: 2\npoints: [{a.b: 1}]\n"
                               "search: {parameter: a.b, from: 0, to: 1, measure: m, below: 1}\n"),
                        1, "not several"));
  EXPECT_TRUE(has_error(errors("drill: nowhere.yaml\nreplications: 2\npoints: [{a.b: 1}]\n"), 1, "no drill file"));
  EXPECT_TRUE(has_error(errors("drill: small.yaml\npoints: [{a.b: 1}]\n"), 1, "no `replications`"));
  EXPECT_TRUE(has_error(errors("drill: small.yaml\nreplications: 0\npoints: [{a.b: 1}]\n"), 2, "replications"));
  EXPECT_TRUE(has_error(errors("drill: small.yaml\nreplications: 2\npoints:\n  - a.b: 1\n    a.b: 2\n"), 5,
                        "set twice"));
  EXPECT_TRUE(has_error(errors("drill: small.yaml\nreplications: 2\npoints: [{a.b: 1}]\nset:\n  a.c: 1\n  a.c: 2\n"),
                        6, "set twice"));
  EXPECT_TRUE(has_error(errors("drill: small.yaml\nreplications: 2\n"
                               "search: {parameter: a.b, from: 3, to: 1, measure: m, below: 1, find: most}\n"),
                        3, "below `from`"));
  EXPECT_TRUE(has_error(errors("drill: small.yaml\nreplications: 2\n"
                               "search: {parameter: a.b, from: 0, to: 1, measure: m, below: 1, find: most}\n"),
                        3, "smallest or largest"));
  EXPECT_TRUE(has_error(errors("drill: small.yaml\nreplications: 2\n"
                               "search: {parameter: a.b, from: 0, to: 1, measure: m, below: 10 furlongs}\n"),
                        3, "with a unit or not"));
  EXPECT_TRUE(has_error(errors("drill: small.yaml\nreplications: 2\n"
                               "search: {parameter: a.b, from: 0, to: 1, measure: m, below: 1, above: 2}\n"),
                        3, "not both"));
  EXPECT_TRUE(has_error(errors("drill: small.yaml\nreplications: 2\n"
                               "search: {parameter: a.b, from: 0.5, to: 1, measure: m, below: 1}\n"),
                        3, "whole number"));
  EXPECT_TRUE(has_error(errors("drill: small.yaml\nreplications: [2\n"), 3, "not valid YAML"));
  EXPECT_TRUE(has_error(errors("- a\n- b\n"), 1, "mapping of keys"));
}

TEST(SweepFile, EveryPrefixAndEveryByteFlipOfASweepFileIsAnsweredWithoutCrashing) {
  SweepFolder f;
  const std::string good =
      "sweep: s\ndrill: small.yaml\nseed: 3\nset: {\"a.b\": 1}\n"
      "parameters:\n  - path: naval.units[name=argyll].count\n    values: [1, '2', {x: 1}]\n"
      "  - path: a.c\n    range: {from: 1, to: 2, step: 0.5, unit: t}\n"
      "replications: {min: 2, max: 9, relative_half_width: 5%, measures: [\"m{k=v}\"]}\n"
      "warm_up: {series: m, sample_every: 1h}\ntime_series: {series: [m], sample_every: 2h}\n";
  const std::filesystem::path path = f.dir() / "mutated.yaml";
  ASSERT_TRUE(parse_sweep(good, path).sweep) << ms::format(parse_sweep(good, path).diagnostics);
  for (std::size_t n = 0; n < good.size(); ++n) {
    const SweepLoad l = parse_sweep(good.substr(0, n), path);
    // Either a sweep or at least one error, never both.
    EXPECT_NE(l.sweep.has_value(), std::any_of(l.diagnostics.begin(), l.diagnostics.end(), [](const auto& d) {
                return d.severity == ms::Severity::error;
              })) << n;
  }
  for (std::size_t n = 0; n < good.size(); ++n)
    for (const char c : {'\0', '[', '-', ':', '"', '\n', 'x', '9'}) {
      std::string bad = good;
      bad[n] = c;
      (void)parse_sweep(bad, path);
    }
}

TEST(SweepFile, AMissingFileIsOneDiagnostic) {
  const SweepLoad l = load_sweep("/nonexistent/sweep.yaml");
  EXPECT_FALSE(l.sweep);
  ASSERT_EQ(l.diagnostics.size(), 1u);
  EXPECT_NE(l.diagnostics[0].message.find("cannot read"), std::string::npos);
}

TEST(SweepFile, FilesOverTheirLimitAreRefusedAndFilesAtItAreRead) {
  SweepFolder f;
  // The sweep file: at most 1 MiB; YAML comments fill it up.
  const std::string head = "drill: small.yaml\npoints:\n  - {drill.seed: 8}\nreplications: 2\n#";
  const std::size_t mib = std::size_t{1} << 20;
  std::string at_limit = head + std::string(mib - head.size() - 1, 'x') + "\n";
  ASSERT_EQ(at_limit.size(), mib);
  const SweepLoad fits = f.load(at_limit);
  EXPECT_TRUE(fits.sweep) << ms::format(fits.diagnostics);
  const SweepLoad over = f.load(at_limit + "\n");
  EXPECT_FALSE(over.sweep);
  ASSERT_EQ(over.diagnostics.size(), 1u);
  EXPECT_NE(over.diagnostics[0].message.find("larger than 1 MiB"), std::string::npos);

  // The drill: at most the loader's limit, read whole below it.
  ASSERT_TRUE(fits.sweep);
  std::vector<ms::Diagnostic> d;
  const auto small = read_drill(*fits.sweep, d);
  ASSERT_TRUE(small);
  std::ifstream copy(f.dir() / "small.yaml", std::ios::binary);
  EXPECT_EQ(*small, std::string(std::istreambuf_iterator<char>(copy), {}));
  f.write("small.yaml", std::string(ms::kDefaultMaxFileBytes + 1, '#'));
  EXPECT_FALSE(read_drill(*fits.sweep, d));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("larger than 16 MiB"), std::string::npos);
}

std::vector<ms::Diagnostic> validate(const SweepFolder& f, const std::string& text) {
  const SweepLoad l = f.load(text);
  EXPECT_TRUE(l.sweep) << ms::format(l.diagnostics);
  if (!l.sweep) return {};
  std::vector<ms::Diagnostic> d;
  const auto drill = read_drill(*l.sweep, d);
  EXPECT_TRUE(drill);
  std::vector<ms::Diagnostic> one = validate_points(*l.sweep, *drill);
  // Points checked on three threads: the same diagnostics in the same order;
  // the calling thread runs `meanwhile` once while they do.
  int calls = 0;
  const std::thread::id caller = std::this_thread::get_id();
  std::thread::id ran_on;
  EXPECT_EQ(ms::format(validate_points(*l.sweep, *drill, nullptr, 3,
                                       [&] {
                                         ++calls;
                                         ran_on = std::this_thread::get_id();
                                       })),
            ms::format(one));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(ran_on, caller);
  // What it throws comes out once the threads are done (not a terminate).
  EXPECT_THROW(validate_points(*l.sweep, *drill, nullptr, 2, [] { throw std::runtime_error("meanwhile"); }),
               std::runtime_error);
  return one;
}

TEST(SweepFile, ValidationNamesTheDrillKeyAndTheSweepLineThatSetIt) {
  SweepFolder f;
  const auto d = validate(f,
                          "drill: small.yaml\n"
                          "parameters:\n"
                          "  - path: naval.units[name=argyll].count\n"
                          "    values: [1, 0, 2,\n"
                          "             -1]\n"
                          "replications: 2\n");
  // Points 0 and -1 are refused by the drill's loader, at the drill's line
  // of the count (the unit's mapping: the key is added), each naming the
  // sweep line of its value.
  const std::string drill = (f.dir() / "small.yaml").string();
  std::vector<const ms::Diagnostic*> errors;
  for (const auto& one : d)
    if (one.severity == ms::Severity::error) errors.push_back(&one);
  ASSERT_EQ(errors.size(), 2u) << ms::format(d);
  for (const ms::Diagnostic* e : errors) {
    EXPECT_EQ(e->file, drill);
    EXPECT_EQ(e->path, "naval.units[0].count");
    EXPECT_GT(e->line, 0);
  }
  EXPECT_NE(errors[0]->message.find("sweep.yaml:4: naval.units[name=argyll].count=0"), std::string::npos)
      << errors[0]->message;
  EXPECT_NE(errors[1]->message.find("sweep.yaml:5: naval.units[name=argyll].count=-1"), std::string::npos)
      << errors[1]->message;
}

TEST(SweepFile, APathThatDoesNotResolveIsOneErrorWhateverItsValues) {
  SweepFolder f;
  const auto d = validate(f,
                          "drill: small.yaml\n"
                          "parameters:\n"
                          "  - path: naval.units[name=argyl].count\n"
                          "    values: [1, 2, 3]\n"
                          "  - path: drill.seed\n"
                          "    values: [1, 2]\n"
                          "replications: 2\n");
  ASSERT_EQ(d.size(), 1u) << ms::format(d);
  EXPECT_EQ(d.front().file, (f.dir() / "small.yaml").string());
  EXPECT_GT(d.front().line, 1) << "at the drill's list of units";
  EXPECT_NE(d.front().message.find("no element whose name is 'argyl'"), std::string::npos) << d.front().message;
  EXPECT_NE(d.front().message.find("sweep.yaml:4: naval.units[name=argyl].count=1)"), std::string::npos)
      << d.front().message;
}

TEST(SweepFile, ADrillErrorNoOverrideNamesSaysAtWhichPointsItWasFound) {
  SweepFolder f;
  // A shorter horizon puts the small drill's phase end and deadlines past
  // it: errors at those keys, which no override set.
  const auto d = validate(f,
                          "drill: small.yaml\n"
                          "points:\n"
                          "  - {drill.seed: 5}\n"
                          "  - {drill.horizon: 12h}\n"
                          "  - {drill.horizon: 12h, drill.seed: 6}\n"
                          "replications: 2\n");
  ASSERT_FALSE(d.empty());
  for (const ms::Diagnostic& e : d) {
    EXPECT_EQ(e.severity, ms::Severity::error);
    EXPECT_NE(e.message.find("(at the point drill.horizon=12h, " + (f.dir() / "sweep.yaml").string() + ":4, and 1 more)"),
              std::string::npos)
        << e.message;
  }
}

TEST(SweepFile, ValidationOfASearchChecksItsEndsAndEveryValueBetween) {
  SweepFolder f;
  const auto d = validate(f,
                          "drill: small.yaml\n"
                          "search: {parameter: \"naval.units[name=argyll].count\", from: 1, to: 10001,\n"
                          "         measure: time_below_critical_fuel, below: 1 h}\n"
                          "replications: 2\n");
  // Over 1000 values: the ends only; 10001 is beyond the loader's range.
  ASSERT_EQ(d.size(), 1u) << ms::format(d);
  EXPECT_NE(d[0].message.find("sweep.yaml:2: naval.units[name=argyll].count=10001"), std::string::npos);

  // At most 1000: every value, so -1 and 0 between the ends are found too.
  const auto e = validate(f,
                          "drill: small.yaml\n"
                          "search: {parameter: \"naval.units[name=argyll].count\", from: -2, to: 1,\n"
                          "         measure: time_below_critical_fuel, below: 1 h}\n"
                          "replications: 2\n");
  ASSERT_EQ(e.size(), 3u) << ms::format(e);
  for (const char* v : {"count=-2)", "count=-1)", "count=0)"})
    EXPECT_TRUE(std::any_of(e.begin(), e.end(),
                            [&](const ms::Diagnostic& x) { return x.message.find(v) != std::string::npos; }))
        << v << "\n" << ms::format(e);
}

TEST(SweepFile, SeriesChoicesMustNameExactlyOneSeriesOfTheDrill) {
  SweepFolder f;
  const auto e = validate(f,
                          "drill: small.yaml\n"
                          "points: [{drill.seed: 8}]\n"
                          "replications: {min: 2, max: 4, relative_half_width: 10%,\n"
                          "               measures: [time_below_critical_fuel, resource_utilisation,\n"
                          "                          sorties_flwn, \"ship_fuel{unit=nobody}\"]}\n"
                          "time_series: {series: [ship_fuel, \"ship_fuel{unit=argyll}\"]}\n");
  ASSERT_EQ(e.size(), 3u) << ms::format(e);
  // resource_utilisation has a series per base resource: listed.
  EXPECT_TRUE(has_error(e, 4, "resource_utilisation' has")) << ms::format(e);
  EXPECT_TRUE(has_error(e, 4, "resource_utilisation{base=lossie,resource=launch}")) << ms::format(e);
  EXPECT_TRUE(has_error(e, 5, "no measure 'sorties_flwn'")) << ms::format(e);
  EXPECT_TRUE(has_error(e, 5, "sorties_flown")) << ms::format(e);  // the suggestion
  EXPECT_TRUE(has_error(e, 5, "no series 'ship_fuel{unit=nobody}'")) << ms::format(e);
}

TEST(SweepFile, ASearchTargetInAnotherUnitThanItsMeasureIsRefused) {
  SweepFolder f;
  const auto d = validate(f,
                          "drill: small.yaml\n"
                          "search: {parameter: \"naval.units[name=argyll].count\", from: 1, to: 2,\n"
                          "         measure: time_below_critical_fuel,\n"
                          "         below: 5 t}\n"
                          "replications: 2\n");
  ASSERT_EQ(d.size(), 1u) << ms::format(d);
  EXPECT_TRUE(has_error(d, 4, "in tonnes but time_below_critical_fuel is in seconds")) << ms::format(d);
  EXPECT_EQ(d.front().column, 17) << "at the target, not the line's start";
}

TEST(SweepFile, AKeyOfTheDrillVariedUnderTwoPathsIsRefusedWhereTheSecondIs) {
  SweepFolder f;
  // argyll is naval.units[0] of the small drill.
  const auto grid = validate(f,
                             "drill: small.yaml\n"
                             "parameters:\n"
                             "  - path: naval.units[name=argyll].count\n"
                             "    values: [1, 2]\n"
                             "  - path: naval.units[0].count\n"
                             "    values: [1, 2]\n"
                             "replications: 2\n");
  ASSERT_EQ(grid.size(), 1u) << ms::format(grid);
  EXPECT_TRUE(has_error(grid, 5, "is the key 'naval.units[name=argyll].count' names (naval.units[0].count in the drill)"))
      << ms::format(grid);
  EXPECT_EQ(grid.front().column, 11);
  // Listed points may each set it by either path, once.
  const auto listed = validate(f,
                               "drill: small.yaml\n"
                               "points:\n"
                               "  - {\"naval.units[name=argyll].count\": 1}\n"
                               "  - {\"naval.units[0].count\": 2}\n"
                               "  - {\"naval.units[0].count\": 2, \"naval.units[name=argyll].count\": 1}\n"
                               "replications: 2\n");
  ASSERT_EQ(listed.size(), 1u) << ms::format(listed);
  EXPECT_TRUE(has_error(listed, 5, "varied twice")) << ms::format(listed);
  EXPECT_EQ(listed.front().path, "points[2]");
  // Different keys of one element are two parameters.
  EXPECT_TRUE(validate(f,
                       "drill: small.yaml\n"
                       "parameters:\n"
                       "  - path: naval.units[name=argyll].count\n"
                       "    values: [1, 2]\n"
                       "  - path: naval.units[0].initial_fuel\n"
                       "    values: [50%, 60%]\n"
                       "replications: 2\n")
                  .empty());
}

TEST(SweepFile, ASearchOfOneRunAProbeIsRefused) {
  // One run has no interval: the search could not tell a value that meets
  // the target with 95 % confidence.
  SweepFolder f;
  const SweepLoad l = f.load(
      "drill: small.yaml\n"
      "search: {parameter: \"naval.units[name=argyll].count\", from: 1, to: 2,\n"
      "         measure: time_below_critical_fuel, below: 5 h}\n"
      "replications: 1\n");
  EXPECT_FALSE(l.sweep);
  const std::vector<ms::Diagnostic>& d = l.diagnostics;
  ASSERT_EQ(d.size(), 1u) << ms::format(d);
  EXPECT_TRUE(has_error(d, 4, "a search needs at least 2 replications a probe")) << ms::format(d);
  // A grid of one run a point is fine: its aggregate has no intervals.
  EXPECT_TRUE(validate(f,
                       "drill: small.yaml\n"
                       "parameters: [{path: drill.seed, values: [1, 2]}]\n"
                       "replications: 1\n")
                  .empty());
}

TEST(SweepFile, IsToldFromADrillByItsContentNotItsName) {
  SweepFolder f;
  // A sweep file of any name: `drill` names a file, or keys no drill has.
  EXPECT_TRUE(is_sweep_file(f.write("grid.yaml", "drill: small.yaml\nreplications: 2\n")));
  EXPECT_TRUE(is_sweep_file(f.write("no_drill.yaml", "sweep: x\nparameters: []\n")));
  EXPECT_TRUE(is_sweep_file(f.write("listed.yaml", "points: [{drill.seed: 1}]\n")));
  // A drill, whatever its name holds: its `drill` is a mapping.
  std::ifstream small(f.dir() / "small.yaml", std::ios::binary);
  const std::string drill_text{std::istreambuf_iterator<char>(small), {}};
  ASSERT_NE(drill_text.find("drill:"), std::string::npos);
  EXPECT_FALSE(is_sweep_file(f.write("minesweeper_sweep.yaml", drill_text)));
  // A drill whose `drill` is wrong, a scalar beside the drill's sections:
  // the drill's loader says what is wrong with it, not the sweep's.
  EXPECT_FALSE(is_sweep_file(f.write("scalar_drill.yaml", "drill: 5\nnaval:\n  units: []\nreplications: 2\n")));
  EXPECT_TRUE(is_sweep_file(f.write("bare_sweep.yaml", "drill: small.yaml\nseed: 3\nset: {drill.seed: 2}\n")));
  // Neither: the drill's loader reports these.
  EXPECT_FALSE(is_sweep_file(f.write("broken_sweep.yaml", "drill: [unclosed\n")));
  EXPECT_FALSE(is_sweep_file(f.write("list_sweep.yaml", "- drill: small.yaml\n")));
  EXPECT_FALSE(is_sweep_file(f.dir() / "missing_sweep.yaml"));
  EXPECT_FALSE(is_sweep_file(f.dir()));
}

}  // namespace
}  // namespace drill::sweep
