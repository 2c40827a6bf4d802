#include "sweep/sweep_file.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <exception>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>
#include <variant>

#include <yaml-cpp/yaml.h>

#include "engine/drill_run.hpp"
#include "engine/drill_source.hpp"
#include "engine/run_threads.hpp"
#include "io/headline.hpp"
#include "io/sha256.hpp"
#include "models/scenario/load_drill.hpp"
#include "models/scenario/quantity.hpp"
#include "sweep/aggregate_csv.hpp"
#include "models/scenario/suggest.hpp"
#include "models/scenario/yaml_reader.hpp"
#include "sweep/series_keys.hpp"

namespace drill::sweep {

namespace ms = models::scenario;

namespace {

/// Design points a grid may expand to, values a range may give: a sweep
/// beyond them is a mistake in the file, not a study.
constexpr std::size_t kMaxPoints = 100'000;
/// A search checks every value between its ends up to this many.
constexpr std::int64_t kSearchCheckAll = 1000;
constexpr ms::IntRange kSearchRange{-1'000'000'000, 1'000'000'000};

/// The text of one parameter value as an override takes it: a plain
/// scalar as written, a quoted one quoted again (so `'2'` stays a string),
/// a list or mapping in flow style.
std::string value_text(const YAML::Node& node) {
  if (node.IsNull()) return "";
  if (node.IsScalar()) {
    if (node.Tag() != "!") return node.Scalar();
    YAML::Emitter e;
    e << YAML::DoubleQuoted << node.Scalar();
    return e.c_str();
  }
  YAML::Emitter e;
  e.SetMapFormat(YAML::Flow);
  e.SetSeqFormat(YAML::Flow);
  e << node;
  return e.c_str();
}

/// Value i of a range: from + i step to 15 significant digits, without the
/// binary noise of the product (0.1 + 2 x 0.1 is 0.30000000000000004),
/// finer than anything a range written in decimal can mean.
double range_value(double from, double step, std::size_t i) {
  char text[32];
  const double exact = from + static_cast<double>(i) * step;
  const auto written = std::to_chars(text, text + sizeof text, exact, std::chars_format::general, 15);
  double v = exact;
  std::from_chars(text, written.ptr, v);
  return v;
}

class Parser {
 public:
  Parser(std::string file, std::filesystem::path path) : diags_(file), file_(std::move(file)), path_(std::move(path)) {}

  SweepLoad parse(const std::string& bytes) {
    YAML::Node root;
    try {
      root = YAML::Load(bytes);
    } catch (const YAML::Exception& e) {
      diags_.error({e.mark.line + 1, e.mark.column + 1}, "", "not valid YAML: " + e.msg,
                   "check the indentation and quotes near this position");
      return finish({});
    }
    if (!root.IsMap()) {
      diags_.error(ms::position_of(root), "", "a sweep file is a mapping of keys (sweep, drill, parameters, ...)");
      return finish({});
    }
    SweepFile s;
    s.path = path_;
    s.sha256 = io::sha256_hex(bytes);
    ms::MapReader r(ctx_, root, "");
    s.name = r.text("sweep", ms::Need::optional).value_or(path_.stem().string());
    if (auto d = r.text("drill", ms::Need::required)) {
      s.drill = std::filesystem::path(*d).is_absolute() ? std::filesystem::path(*d) : path_.parent_path() / *d;
      s.drill_line = r.pos("drill").line;
      std::error_code ec;
      if (!std::filesystem::is_regular_file(s.drill, ec)) {
        diags_.error(r.pos("drill"), "drill", "no drill file '" + s.drill.string() + "'",
                     "the drill's path is relative to the sweep file's folder");
        drill_missing_ = !std::filesystem::exists(s.drill, ec);
      }
    }
    if (auto seed = r.integer("seed", ms::Need::optional, ms::limits::kSeed))
      s.seed = static_cast<std::uint64_t>(*seed);
    if (r.has("common_random_numbers")) s.common_random_numbers = boolean(r, "common_random_numbers");
    if (r.has("set")) read_set(r.node("set"), s);

    const bool grid = r.has("parameters"), list = r.has("points"), search = r.has("search");
    if (grid + list + search != 1)
      diags_.error(r.pos(), "",
                   grid + list + search == 0 ? "nothing to vary: give `parameters`, `points` or `search`"
                                             : "give one of `parameters`, `points` and `search`, not several",
                   "a grid over parameters, a list of design points or a search are different sweeps");
    if (grid) read_grid(r.node("parameters"), s);
    if (list) read_points(r.node("points"), s);
    if (search) read_search(r.node("search"), s);
    read_replications(r, s);
    if (r.has("warm_up")) read_warm_up(r.node("warm_up"), s);
    if (r.has("time_series")) read_time_series(r.node("time_series"), s);
    r.finish();
    return finish(std::move(s));
  }

 private:
  ms::Diagnostics diags_;
  ms::SourceMap where_;
  ms::ReadContext ctx_{diags_, where_};
  std::string file_;
  std::filesystem::path path_;

  SweepLoad finish(std::optional<SweepFile> s) {
    diags_.sort_by_position();
    SweepLoad out;
    if (!diags_.has_errors()) out.sweep = std::move(s);
    out.diagnostics = diags_.take();
    out.drill_missing = drill_missing_;
    return out;
  }
  bool drill_missing_ = false;

  std::string origin(int line) const { return file_ + ":" + std::to_string(line) + ": "; }

  bool boolean(ms::MapReader& r, std::string_view key) {
    const YAML::Node n = r.node(key);
    if (n.IsScalar() && (n.Scalar() == "true" || n.Scalar() == "false")) return n.Scalar() == "true";
    diags_.error(r.pos(key), r.path(key), "expected true or false");
    return true;
  }

  /// `PATH=VALUE` as an override whose origin is the sweep line; nullopt
  /// after reporting a path that is not one.
  std::optional<ms::Override> make_override(const std::string& path, const std::string& value, ms::SourcePos at,
                                            const std::string& key_path) {
    std::string error;
    auto o = ms::parse_override(path + "=" + value, error, origin(at.line));
    if (!o) {
      diags_.error(at, key_path, "not a key path into the drill: " + error,
                   "write keys joined by dots, [N] or [name=X] for list elements: naval.units[name=tidespring].count");
      return std::nullopt;
    }
    return o;
  }

  /// A key path alone (a parameter's `path`), checked as an override would.
  bool check_path(const std::string& path, ms::SourcePos at, const std::string& key_path) {
    return make_override(path, "0", at, key_path).has_value();
  }

  void read_set(const YAML::Node& node, SweepFile& s) {
    if (!node.IsMap()) {
      diags_.error(ms::position_of(node), "set", "expected a mapping of PATH: VALUE",
                   "one line per value: `comms.links[name=fleet_satcom].loss: 1%`");
      return;
    }
    std::set<std::string> seen;
    for (const auto& kv : node) {
      const ms::SourcePos at = ms::position_of(kv.first);
      const std::string path = kv.first.Scalar();
      if (!seen.insert(path).second) {
        diags_.error(at, "set." + path, "'" + path + "' is set twice", "each path may appear once under `set`");
        continue;
      }
      if (auto o = make_override(path, value_text(kv.second), at, "set." + path)) s.set.push_back(std::move(*o));
    }
  }

  void read_grid(const YAML::Node& node, SweepFile& s) {
    if (!node.IsSequence() || node.size() == 0) {
      diags_.error(ms::position_of(node), "parameters", "expected a list of parameters",
                   "each item: {path: KEY.PATH, values: [...]} or {path: KEY.PATH, range: {from, to, step}}");
      return;
    }
    ms::for_each_item(ctx_, node, "parameters", [&](const YAML::Node& item, const std::string& item_path) {
      ms::MapReader m(ctx_, item, item_path);
      Parameter p;
      p.line = m.pos().line;
      const auto path = m.text("path", ms::Need::required);
      if (path) {
        p.path = *path;
        p.column = m.pos("path").column;
        check_path(p.path, m.pos("path"), m.path("path"));
        for (const Parameter& q : s.parameters)
          if (q.path == p.path)
            diags_.error(m.pos("path"), m.path("path"), "'" + p.path + "' is varied twice",
                         "give each parameter once, with all its values");
      }
      const bool values = m.has("values"), range = m.has("range");
      if (values == range)
        diags_.error(m.pos(), item_path, values ? "give `values` or `range`, not both" : "no `values` or `range`",
                     "values: [0, 1, 2] or range: {from: 32, to: 128, step: 32, unit: kbit/s}");
      if (values) read_values(m.node("values"), m.path("values"), p);
      if (range) read_range(m.node("range"), m.path("range"), p);
      m.finish();
      if (path) s.parameters.push_back(std::move(p));
    });
    if (diags_.has_errors()) return;
    std::size_t total = 1;
    for (const Parameter& p : s.parameters) {
      total *= p.values.size();
      if (total > kMaxPoints) {
        diags_.error(ms::position_of(node), "parameters",
                     "the grid has more than " + std::to_string(kMaxPoints) + " design points",
                     "vary fewer parameters or fewer values, or list the points wanted under `points`");
        return;
      }
    }
    // Odometer order: the last parameter varies fastest, the first slowest.
    std::vector<std::size_t> at(s.parameters.size(), 0);
    for (std::size_t n = 0; n < total; ++n) {
      PointPlan plan;
      plan.overrides = s.set;
      for (std::size_t i = 0; i < s.parameters.size(); ++i) {
        const Parameter& p = s.parameters[i];
        if (auto o = make_override(p.path, p.values[at[i]], {p.value_lines[at[i]], 0}, p.path))
          plan.overrides.push_back(std::move(*o));
        plan.parameters.emplace_back(p.path, p.values[at[i]]);
      }
      s.points.push_back(std::move(plan));
      for (std::size_t i = s.parameters.size(); i-- > 0;) {
        if (++at[i] < s.parameters[i].values.size()) break;
        at[i] = 0;
      }
    }
  }

  void read_values(const YAML::Node& node, const std::string& path, Parameter& p) {
    if (!node.IsSequence() || node.size() == 0) {
      diags_.error(ms::position_of(node), path, "expected a list of one or more values", "values: [0, 1, 2]");
      return;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
      p.values.push_back(value_text(node[i]));
      p.value_lines.push_back(ms::position_of(node[i]).line);
    }
  }

  void read_range(const YAML::Node& node, const std::string& path, Parameter& p) {
    ms::MapReader m(ctx_, node, path);
    const double big = 1e15;
    const auto from = m.number("from", ms::Need::required, -big, big);
    const auto to = m.number("to", ms::Need::required, -big, big);
    const auto step = m.number("step", ms::Need::required, -big, big);
    const auto unit = m.text("unit", ms::Need::optional);
    m.finish();
    if (!from || !to || !step) return;
    if (*step <= 0) {
      diags_.error(m.pos("step"), m.path("step"), "the step must be positive");
      return;
    }
    if (*to < *from) {
      diags_.error(m.pos("to"), m.path("to"), "`to` is below `from`", "a range goes up from `from` to `to`");
      return;
    }
    // Values from + i*step (not a running sum, which drifts); `to` is in
    // when it lies within a millionth of a step of one.
    const double steps = (*to - *from) / *step;
    if (steps >= static_cast<double>(kMaxPoints)) {
      diags_.error(m.pos("step"), m.path("step"), "the range has more than " + std::to_string(kMaxPoints) + " values");
      return;
    }
    const auto count = static_cast<std::size_t>(std::floor(steps + 1e-6)) + 1;
    for (std::size_t i = 0; i < count; ++i) {
      const double v = range_value(*from, *step, i);
      p.values.push_back(number_text(v) + (unit ? " " + *unit : ""));
      p.value_lines.push_back(m.pos().line);
    }
  }

  void read_points(const YAML::Node& node, SweepFile& s) {
    if (!node.IsSequence() || node.size() == 0) {
      diags_.error(ms::position_of(node), "points", "expected a list of design points",
                   "each item a mapping of KEY.PATH: VALUE (in block style, or with the paths quoted)");
      return;
    }
    std::vector<std::string> paths;  // every path any point sets, in first-seen order
    ms::for_each_item(ctx_, node, "points", [&](const YAML::Node& item, const std::string& item_path) {
      if (!item.IsMap() || item.size() == 0) {
        diags_.error(ms::position_of(item), item_path, "a design point is a mapping of KEY.PATH: VALUE",
                     "- {\"naval.units[name=tidespring].count\": 2}");
        return;
      }
      PointPlan plan;
      plan.overrides = s.set;
      plan.at = ms::position_of(item);
      std::set<std::string> seen;
      for (const auto& kv : item) {
        const ms::SourcePos at = ms::position_of(kv.first);
        const std::string path = kv.first.Scalar();
        if (!seen.insert(path).second) {
          diags_.error(at, item_path + "." + path, "'" + path + "' is set twice in this point");
          continue;
        }
        const std::string value = value_text(kv.second);
        if (auto o = make_override(path, value, at, item_path + "." + path)) plan.overrides.push_back(std::move(*o));
        plan.parameters.emplace_back(path, value);
        if (std::find(paths.begin(), paths.end(), path) == paths.end()) {
          paths.push_back(path);
          s.parameters.push_back(Parameter{.path = path, .values = {}, .line = at.line, .column = at.column});
        }
      }
      s.points.push_back(std::move(plan));
    });
    s.listed = true;
    // Each parameter's values: those the points give it, in first-seen order.
    for (Parameter& p : s.parameters)
      for (const PointPlan& plan : s.points)
        for (const auto& [path, value] : plan.parameters)
          if (path == p.path && std::find(p.values.begin(), p.values.end(), value) == p.values.end()) {
            p.values.push_back(value);
            p.value_lines.push_back(p.line);
          }
  }

  /// `NAME` or `NAME{kind=value,...}`, checked for shape only.
  std::optional<SeriesChoice> series_choice(const YAML::Node& node, const std::string& path) {
    const ms::SourcePos at = ms::position_of(node);
    if (!node.IsScalar() || node.Scalar().empty()) {
      diags_.error(at, path, "expected a series: a measure's name, or NAME{kind=value}",
                   "time_below_critical_fuel or \"fuel_on_board{ship=tidespring}\"");
      return std::nullopt;
    }
    const std::string& t = node.Scalar();
    if (!well_formed_series(t)) {
      diags_.error(at, path, "'" + t + "' is not a series name",
                   "a measure's name, or NAME{kind=value,...}: \"fuel_on_board{ship=tidespring}\"");
      return std::nullopt;
    }
    return SeriesChoice{t, at.line, at.column};
  }

  std::vector<SeriesChoice> series_list(const YAML::Node& node, const std::string& path) {
    std::vector<SeriesChoice> out;
    if (node.IsScalar()) {
      if (auto c = series_choice(node, path)) out.push_back(*c);
      return out;
    }
    if (!node.IsSequence() || node.size() == 0) {
      diags_.error(ms::position_of(node), path, "expected a list of series", "[time_below_critical_fuel]");
      return out;
    }
    for (std::size_t i = 0; i < node.size(); ++i)
      if (auto c = series_choice(node[i], path + "[" + std::to_string(i) + "]")) out.push_back(*c);
    return out;
  }

  void read_replications(ms::MapReader& r, SweepFile& s) {
    if (!r.has("replications")) {
      diags_.error(r.pos(), "replications", "no `replications`",
                   "replications: 10, or sequential: {min: 5, max: 50, relative_half_width: 5%, measures: [...]}");
      return;
    }
    const YAML::Node node = r.node("replications");
    if (node.IsScalar()) {
      if (auto n = r.integer("replications", ms::Need::required, ms::limits::kReplications)) {
        s.replications.min = s.replications.max = static_cast<std::uint64_t>(*n);
        // A probe of one run has no interval: the search could not tell
        // whether a value meets the target with 95 % confidence.
        if (*n < 2 && r.has("search"))
          diags_.error(r.pos("replications"), "replications",
                       "a search needs at least 2 replications a probe: one run gives no 95 % interval",
                       "replications: 10, or sequential: {min: 3, max: 30, relative_half_width: 10%, measures: [...]}");
      }
      return;
    }
    ms::MapReader m(ctx_, node, "replications");
    if (!m.is_map()) return;
    const auto min = m.integer("min", ms::Need::optional, {2, ms::limits::kReplications.max});
    const auto max = m.integer("max", ms::Need::required, {2, ms::limits::kReplications.max});
    const auto half = m.quantity("relative_half_width", ms::Dimension::fraction, ms::Need::required, ms::Sign::positive);
    if (m.has("measures")) {
      s.replications.measures = series_list(m.node("measures"), m.path("measures"));
    } else {
      diags_.error(m.pos(), "replications.measures", "no `measures`",
                   "the series whose intervals decide when a point has enough replications");
    }
    m.finish();
    s.replications.min = static_cast<std::uint64_t>(min.value_or(2));
    if (max) s.replications.max = static_cast<std::uint64_t>(*max);
    if (max && s.replications.min > s.replications.max)
      diags_.error(m.pos("max"), m.path("max"), "`max` is below `min`");
    s.replications.relative_half_width = half;
    if (half && *half > 1.0) diags_.error(m.pos("relative_half_width"), m.path("relative_half_width"), "must be at most 100%");
  }

  void read_warm_up(const YAML::Node& node, SweepFile& s) {
    ms::MapReader m(ctx_, node, "warm_up");
    if (!m.is_map()) return;
    WarmUp w;
    std::optional<SeriesChoice> c;
    if (m.has("series"))
      c = series_choice(m.node("series"), m.path("series"));
    else
      diags_.error(m.pos(), "warm_up.series", "no `series`", "the time series MSER-5 looks at: \"fuel_on_board{ship=x}\"");
    if (auto e = m.duration("sample_every", ms::Need::optional, ms::Sign::positive)) w.sample_every = *e;
    m.finish();
    if (c) {
      w.series = *c;
      s.warm_up = w;
    }
  }

  void read_time_series(const YAML::Node& node, SweepFile& s) {
    ms::MapReader m(ctx_, node, "time_series");
    if (!m.is_map()) return;
    TimeSeries t;
    if (m.has("series"))
      t.series = series_list(m.node("series"), m.path("series"));
    else
      diags_.error(m.pos(), "time_series.series", "no `series`", "the series whose samples sweep.db keeps");
    if (auto e = m.duration("sample_every", ms::Need::optional, ms::Sign::positive)) t.sample_every = *e;
    m.finish();
    s.time_series = std::move(t);
  }

  void read_search(const YAML::Node& node, SweepFile& s) {
    ms::MapReader m(ctx_, node, "search");
    if (!m.is_map()) return;
    Search q;
    q.line = m.pos().line;
    if (auto p = m.text("parameter", ms::Need::required)) {
      q.parameter = *p;
      q.line = m.pos("parameter").line;
      check_path(q.parameter, m.pos("parameter"), m.path("parameter"));
    }
    const auto from = m.integer("from", ms::Need::required, kSearchRange);
    const auto to = m.integer("to", ms::Need::required, kSearchRange);
    if (from) q.from = *from;
    if (to) q.to = *to;
    if (from && to && *from > *to) diags_.error(m.pos("to"), m.path("to"), "`to` is below `from`");
    if (auto f = m.text("find", ms::Need::optional)) {
      if (*f == "smallest" || *f == "largest")
        q.find = *f == "smallest" ? Search::Find::smallest : Search::Find::largest;
      else
        diags_.error(m.pos("find"), m.path("find"), "expected smallest or largest, got '" + *f + "'");
    }
    if (m.has("measure")) {
      if (auto c = series_choice(m.node("measure"), m.path("measure"))) q.measure = *c;
    } else {
      diags_.error(m.pos(), "search.measure", "no `measure`", "the series the target applies to");
    }
    const bool below = m.has("below"), above = m.has("above");
    if (below == above) {
      diags_.error(m.pos(), "search", below ? "give `below` or `above`, not both" : "no target: give `below` or `above`",
                   "below: 10 h (the 95 % interval's upper bound below it) or above: 95 %");
    } else {
      const std::string key = below ? "below" : "above";
      q.bound = below ? Search::Bound::below : Search::Bound::above;
      q.target_line = m.pos(key).line;
      q.target_column = m.pos(key).column;
      const YAML::Node t = m.node(key);
      if (!t.IsScalar() || !read_target(t.Scalar(), q))
        diags_.error(m.pos(key), m.path(key), "expected a number, with a unit or not",
                     "a number in the measure's base unit, or 10 h, 30 min, 2 d (durations), 5 % (ratios), 3 t (tonnes)");
    }
    m.finish();
    s.search = q;
  }

  static bool read_target(const std::string& written, Search& q) {
    // `10 h` as `10h`: the duration parser takes units written close.
    std::string text;
    for (char c : written)
      if (c != ' ') text += c;
    if (auto n = ms::parse_quantity(text, ms::Dimension::number)) {
      q.target = *n;
      return true;
    }
    if (text.find('%') != std::string::npos) {
      if (auto f = ms::parse_quantity(text, ms::Dimension::fraction)) {
        q.target = *f;
        q.target_unit = "ratio";
        return true;
      }
      return false;
    }
    if (auto d = ms::parse_quantity(text, ms::Dimension::duration)) {
      q.target = *d;
      q.target_unit = "seconds";
      return true;
    }
    if (auto t = ms::parse_quantity(text, ms::Dimension::mass)) {
      q.target = *t;
      q.target_unit = "tonnes";
      return true;
    }
    return false;
  }
};

/// Every series the sweep names, with what it is for (for messages).
std::vector<std::pair<SeriesChoice, std::string>> chosen_series(const SweepFile& s) {
  std::vector<std::pair<SeriesChoice, std::string>> out;
  for (const SeriesChoice& c : s.replications.measures) out.emplace_back(c, "replications.measures");
  if (s.warm_up) out.emplace_back(s.warm_up->series, "warm_up.series");
  if (s.time_series)
    for (const SeriesChoice& c : s.time_series->series) out.emplace_back(c, "time_series.series");
  if (s.search) out.emplace_back(s.search->measure, "search.measure");
  return out;
}

ms::Diagnostic diagnostic(std::string file, int line, std::string path, std::string message, std::string hint = {},
                          int column = 1) {
  ms::Diagnostic d;
  d.file = std::move(file);
  d.line = line;
  d.column = line > 0 ? column : 0;
  d.path = std::move(path);
  d.message = std::move(message);
  d.hint = std::move(hint);
  return d;
}

/// A point's varied values, `path=value, path=value`, for messages.
std::string values_text(const PointPlan& plan) {
  std::string out;
  for (const auto& [path, value] : plan.parameters) {
    if (!out.empty()) out += ", ";
    out += path + "=" + value;
  }
  return out;
}

/// A sweep file is a page of YAML; a megabyte is a mistake (or /dev/zero).
constexpr std::size_t kMaxSweepFileBytes = 1u << 20;

/// The stream's bytes up to one past `limit` (more means too large), read
/// in pieces: a buffer of the limit's size, zero-filled and paged in, cost
/// more than loading a small drill (16 MiB for a drill).
std::string read_at_most(std::istream& in, std::size_t limit) {
  std::string bytes;
  char piece[1 << 16];
  while (bytes.size() <= limit && in) {
    in.read(piece, static_cast<std::streamsize>(std::min(limit + 1 - bytes.size(), sizeof piece)));
    bytes.append(piece, static_cast<std::size_t>(in.gcount()));
  }
  return bytes;
}

}  // namespace

namespace {

/// The sweep file's text, or the diagnostic saying why there is none.
std::variant<std::string, ms::Diagnostic> read_sweep_text(const std::filesystem::path& path) {
  const std::string file = path.string();
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(path, ec))
    return diagnostic(file, 0, "", "cannot read the sweep file", "check the path; it is relative to the current folder");
  std::string bytes = read_at_most(in, kMaxSweepFileBytes);
  if (bytes.size() > kMaxSweepFileBytes)
    return diagnostic(file, 0, "", "the sweep file is larger than 1 MiB", "is it a sweep file?");
  return bytes;
}

/// The top-level mapping of a file at most a sweep file's size; nullopt
/// for one that cannot be read or parsed, or is not a mapping.
std::optional<YAML::Node> top_mapping(const std::filesystem::path& path) {
  const auto text = read_sweep_text(path);
  const std::string* bytes = std::get_if<std::string>(&text);
  if (!bytes) return std::nullopt;
  try {
    YAML::Node top = YAML::Load(*bytes);
    if (top.IsMap()) return top;
  } catch (const YAML::Exception&) {
  }
  return std::nullopt;
}

}  // namespace

bool is_drill_file(const std::filesystem::path& path) {
  const std::optional<YAML::Node> top = top_mapping(path);
  return top && (*top)["drill"] && (*top)["drill"].IsMap();
}

bool is_sweep_file(const std::filesystem::path& path) {
  const std::optional<YAML::Node> top = top_mapping(path);
  if (!top) return false;
  for (const char* key : {"sweep", "parameters", "points", "search"})
    if ((*top)[key]) return true;
  // A scalar `drill` beside nothing but a sweep file's keys: a sweep file
  // still missing what it varies. Beside a drill's sections it is a drill
  // whose `drill` mapping is wrong, and the drill's loader says so.
  const YAML::Node drill = (*top)["drill"];
  if (!drill || !drill.IsScalar()) return false;
  static const std::set<std::string, std::less<>> sweep_keys = {
      "drill", "seed", "common_random_numbers", "set", "replications", "warm_up", "time_series"};
  for (const auto& entry : *top)
    if (!entry.first.IsScalar() || !sweep_keys.contains(entry.first.Scalar())) return false;
  return true;
}

SweepLoad load_sweep(const std::filesystem::path& path) {
  auto text = read_sweep_text(path);
  if (auto* why = std::get_if<ms::Diagnostic>(&text)) {
    SweepLoad out;
    out.diagnostics.push_back(std::move(*why));
    return out;
  }
  return parse_sweep(std::get<std::string>(text), path);
}

SweepLoad parse_sweep(std::string_view yaml, const std::filesystem::path& path) {
  return Parser(path.string(), path).parse(std::string(yaml));
}

PointPlan search_point(const SweepFile& sweep, std::int64_t value) {
  PointPlan plan;
  plan.overrides = sweep.set;
  const Search& q = sweep.search.value();
  std::string error;
  const std::string text = std::to_string(value);
  auto o = ms::parse_override(q.parameter + "=" + text, error,
                              sweep.path.string() + ":" + std::to_string(q.line) + ": ");
  if (!o) throw std::invalid_argument("search parameter '" + q.parameter + "': " + error);
  plan.overrides.push_back(std::move(*o));
  plan.parameters.emplace_back(q.parameter, text);
  return plan;
}

std::optional<std::string> read_drill(const SweepFile& sweep, std::vector<ms::Diagnostic>& diagnostics) {
  const std::string file = sweep.path.string();
  std::ifstream in(sweep.drill, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(sweep.drill, ec)) {
    diagnostics.push_back(diagnostic(file, sweep.drill_line, "drill", "cannot read the drill '" + sweep.drill.string() + "'",
                                     "the drill's path is relative to the sweep file's folder"));
    return std::nullopt;
  }
  const std::string bytes = read_at_most(in, ms::kDefaultMaxFileBytes);
  if (bytes.size() > ms::kDefaultMaxFileBytes) {
    diagnostics.push_back(diagnostic(file, sweep.drill_line, "drill",
                                     "the drill '" + sweep.drill.string() + "' is larger than " +
                                         std::to_string(ms::kDefaultMaxFileBytes >> 20) + " MiB"));
    return std::nullopt;
  }
  return bytes;
}

/// The parameters' paths resolved in the drill (with the sweep's `set`),
/// each once rather than at every point: a path that does not resolve
/// (`unresolved`: the points are not checked then, each would only say it
/// again), and paths that name one key of the drill (`[name=X]` and `[N]`
/// select the same element) varied together, by a grid's parameters or
/// within a listed point, where the later would overwrite the earlier's
/// value under the earlier's label.
struct PathCheck {
  std::vector<ms::Diagnostic> diagnostics;
  bool unresolved = false;
};
PathCheck check_parameter_paths(const SweepFile& sweep, std::string_view drill_text) {
  PathCheck out;
  if (sweep.parameters.empty()) return out;
  // Parsed once; each path is tried on a copy (YAML::Clone: a tenth of a
  // parse, but without marks), and only a path that does not resolve is
  // tried again on the text, for its error's position in the drill.
  const std::string text(drill_text);
  YAML::Node drill;
  try {
    drill = YAML::Load(text);
  } catch (const YAML::Exception&) {
    return out;  // the drill's loader says what is wrong with it
  }
  // The path applied after the sweep's `set` to `doc`: its key, or the
  // errors found.
  const auto resolve = [&](YAML::Node doc, const ms::Override& o, ms::Diagnostics& found) {
    std::vector<ms::Override> overrides = sweep.set;
    overrides.push_back(o);
    const std::vector<ms::AppliedOverride> applied = ms::apply_overrides(doc, overrides, found);
    return found.has_errors() ? std::string() : applied.back().resolved_path;
  };
  if (!sweep.set.empty()) {
    ms::Diagnostics set_alone(sweep.drill.string());
    YAML::Node doc = YAML::Clone(drill);
    ms::apply_overrides(doc, sweep.set, set_alone);
    if (set_alone.has_errors()) return out;  // the points' check reports the `set`
  }
  // Each parameter's key in the drill ("" where it does not resolve).
  std::vector<std::string> keys;
  for (const Parameter& p : sweep.parameters) {
    const int line = p.value_lines.empty() ? p.line : p.value_lines.front();
    std::string error;
    const std::optional<ms::Override> o =
        ms::parse_override(p.path + "=" + (p.values.empty() ? std::string("0") : p.values.front()), error,
                           sweep.path.string() + ":" + std::to_string(line) + ": ");
    if (!o) {  // the sweep file's parser refused it already
      keys.emplace_back();
      continue;
    }
    ms::Diagnostics on_copy(sweep.drill.string());
    keys.push_back(resolve(YAML::Clone(drill), *o, on_copy));
    if (!on_copy.has_errors()) continue;
    ms::Diagnostics found(sweep.drill.string());
    resolve(YAML::Load(text), *o, found);
    out.unresolved = true;
    for (ms::Diagnostic& d : found.take()) out.diagnostics.push_back(std::move(d));
  }
  if (keys.size() < 2) return out;
  const auto index_of = [&](const std::string& path) {
    return static_cast<std::size_t>(std::find_if(sweep.parameters.begin(), sweep.parameters.end(),
                                                 [&](const Parameter& p) { return p.path == path; }) -
                                    sweep.parameters.begin());
  };
  // Parameters varied together (indices): a grid's all, a listed point's
  // own; a listed point's problem is reported at the point.
  struct Together {
    std::vector<std::size_t> parameters;
    std::optional<std::size_t> point;
  };
  std::vector<Together> together;
  if (sweep.listed) {
    for (std::size_t k = 0; k < sweep.points.size(); ++k) {
      Together& t = together.emplace_back(Together{{}, k});
      for (const auto& [path, value] : sweep.points[k].parameters) t.parameters.push_back(index_of(path));
    }
  } else {
    Together& all = together.emplace_back();
    for (std::size_t i = 0; i < sweep.parameters.size(); ++i) all.parameters.push_back(i);
  }
  std::set<std::pair<std::size_t, std::size_t>> reported;  // (earlier, later) parameter
  for (const Together& t : together) {
    std::map<std::string, std::size_t> varied;  // the drill's key: the first parameter on it
    for (const std::size_t i : t.parameters) {
      if (i >= keys.size() || keys[i].empty()) continue;
      const auto [first, fresh] = varied.emplace(keys[i], i);
      if (fresh || !reported.emplace(first->second, i).second) continue;
      const Parameter& p = sweep.parameters[i];
      const std::string message = "'" + p.path + "' is the key '" + sweep.parameters[first->second].path +
                                  "' names (" + keys[i] + " in the drill): it is varied twice";
      const std::string hint = "vary each key of the drill once, by one path";
      if (t.point) {
        const ms::SourcePos at = sweep.points[*t.point].at;
        out.diagnostics.push_back(diagnostic(sweep.path.string(), at.line, "points[" + std::to_string(*t.point) + "]", message,
                                 hint, at.column));
      } else {
        out.diagnostics.push_back(diagnostic(sweep.path.string(), p.line, "parameters[" + std::to_string(i) + "].path", message,
                                 hint, p.column));
      }
    }
  }
  return out;
}

std::vector<ms::Diagnostic> validate_points(const SweepFile& sweep, std::string_view drill_text,
                                            std::vector<std::shared_ptr<const engine::DrillSource>>* drills,
                                            unsigned jobs, const std::function<void()>& meanwhile) {
  std::vector<PointPlan> plans;
  if (sweep.search) {
    const Search& q = *sweep.search;
    const bool all = q.to - q.from < kSearchCheckAll;
    for (std::int64_t v = q.from; v <= q.to; v = all ? v + 1 : (v == q.from ? q.to : q.to + 1)) {
      plans.push_back(search_point(sweep, v));
      if (v == q.to) break;
    }
  } else {
    plans = sweep.points;
  }
  const std::string sweep_file = sweep.path.string();
  const auto choices = chosen_series(sweep);

  // What one point's check finds; points are checked on `jobs` threads,
  // then their findings are merged in point order, so the diagnostics are
  // the same whatever the number of threads.
  struct PointCheck {
    std::vector<ms::Diagnostic> load;                           // the loader's
    std::shared_ptr<const engine::DrillSource> drill;           // null: not valid
    std::vector<std::pair<std::size_t, ms::Diagnostic>> series;  // (choice, missing) or (npos, other unit)
    std::exception_ptr error;
  };
  constexpr std::size_t kAlways = std::size_t(-1);
  const auto check = [&](std::size_t i, engine::DrillTextLoader& loader) {
    PointCheck c;
    ms::LoadOptions options;
    options.overrides = plans[i].overrides;
    engine::LoadOutcome loaded = loader.load(std::move(options));
    c.load = std::move(loaded.diagnostics);
    if (!loaded.ok()) return c;
    c.drill = std::make_shared<const engine::DrillSource>(std::move(*loaded.drill));
    if (choices.empty()) return c;
    // The series the drill has at D+0: the same set a run ends with.
    engine::RunSettings settings;
    settings.seed = sweep.seed.value_or(c.drill->spec.drill.seed);
    settings.horizon = core::at(c.drill->spec.drill.horizon);
    engine::DrillRun run(c.drill->spec, settings);
    const core::metrics::Snapshot snap = run.snapshot();
    const std::string point_text = values_text(plans[i]);
    for (std::size_t k = 0; k < choices.size(); ++k) {
      const auto& [choice, what] = choices[k];
      const SeriesMatch m = match_series(snap, choice.text);
      if (m.error.empty()) {
        if (sweep.search && k + 1 == choices.size() && !sweep.search->target_unit.empty()) {
          const std::string unit = series_key(snap, *m.index).unit;
          if (unit != sweep.search->target_unit)
            c.series.emplace_back(
                kAlways, diagnostic(sweep_file, sweep.search->target_line,
                                    sweep.search->bound == Search::Bound::below ? "search.below" : "search.above",
                                    "the target is in " + sweep.search->target_unit + " but " + choice.text +
                                        " is in " + (unit.empty() ? std::string("plain numbers") : unit),
                                    "write the target in the measure's unit, or as a bare number",
                                    sweep.search->target_column));
        }
        continue;
      }
      c.series.emplace_back(k, diagnostic(sweep_file, choice.line, what,
                                          m.error + (point_text.empty() ? "" : " (at the point " + point_text + ")"),
                                          m.hint, choice.column));
    }
    return c;
  };
  PathCheck paths = check_parameter_paths(sweep, drill_text);
  if (paths.unresolved) {
    if (drills) drills->assign(sweep.search ? 0 : plans.size(), nullptr);
    if (meanwhile) meanwhile();
    return std::move(paths.diagnostics);
  }
  std::vector<PointCheck> checks(plans.size());
  {
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
      // The drill's text parsed once a thread, not once a point.
      engine::DrillTextLoader loader(drill_text, sweep.drill.string());
      for (std::size_t i; (i = next++) < plans.size();) {
        try {
          checks[i] = check(i, loader);
        } catch (...) {
          checks[i].error = std::current_exception();
        }
      }
    };
    // On run threads, the calling thread waiting: each thread's arena is
    // set up for runs (engine/heap.hpp) and warmed by the points' loading,
    // and glibc gives an ended thread's arena to the next new thread: the
    // sweep's workers, which then start without setting theirs up (a
    // fresh 2 MiB huge page cost 0.15 ms, and at times 4-8 ms, on the test
    // machine, in the middle of the sweep's first runs).
    const auto count = static_cast<unsigned>(std::min<std::size_t>(std::max(jobs, 1u), plans.size()));
    std::vector<std::thread> threads = engine::start_run_threads(count, [&](unsigned) { work(); });
    std::exception_ptr meanwhile_error;  // thrown after the threads are joined
    try {
      if (meanwhile) meanwhile();
    } catch (...) {
      meanwhile_error = std::current_exception();
    }
    for (std::thread& t : threads) t.join();
    if (meanwhile_error) std::rethrow_exception(meanwhile_error);
  }

  std::vector<ms::Diagnostic> out = std::move(paths.diagnostics);
  // Points share most of their drill: each diagnostic once. A drill's
  // diagnostic that no override's origin names (a check across keys: a
  // phase past a horizon a point shortened) says at which points it was
  // found, unless it was found at all of them.
  using Key = std::tuple<std::string, int, int, std::string, std::string>;
  std::map<Key, std::size_t> seen;  // the index in `out`
  struct FoundAt {
    std::size_t first_point = 0, points = 0;
  };
  std::map<std::size_t, FoundAt> found_at;  // by index in `out`: drill diagnostics without an origin
  auto add = [&](ms::Diagnostic d) -> std::size_t {
    const auto [it, fresh] = seen.emplace(Key{d.file, d.line, d.column, d.path, d.message}, out.size());
    if (fresh) out.push_back(std::move(d));
    return it->second;
  };
  std::set<std::pair<int, std::string>> reported;
  if (drills) drills->assign(sweep.search ? 0 : plans.size(), nullptr);
  for (std::size_t i = 0; i < plans.size(); ++i) {
    PointCheck& c = checks[i];
    if (c.error) std::rethrow_exception(c.error);
    for (ms::Diagnostic& d : c.load) {
      const bool named = d.message.find("(set by ") != std::string::npos;
      const std::size_t at = add(std::move(d));
      if (named) continue;
      FoundAt& f = found_at.try_emplace(at, FoundAt{i, 0}).first->second;
      ++f.points;
    }
    if (drills && !sweep.search) (*drills)[i] = std::move(c.drill);
    for (auto& [k, d] : c.series) {
      // A series missing at one point is usually missing at all: once.
      if (k != kAlways && !reported.emplace(choices[k].first.line, choices[k].first.text).second) continue;
      add(std::move(d));
    }
    c = PointCheck{};
  }
  for (const auto& [at, f] : found_at) {
    const PointPlan& plan = plans[f.first_point];
    const std::string label = values_text(plan);
    if (f.points == plans.size() || label.empty()) continue;
    const std::string where =
        plan.at.line > 0 ? ", " + sweep.path.string() + ":" + std::to_string(plan.at.line) : std::string();
    out[at].message += " (at the point " + label + where +
                       (f.points > 1 ? ", and " + std::to_string(f.points - 1) + " more" : std::string()) + ")";
  }
  std::stable_sort(out.begin(), out.end(), [](const ms::Diagnostic& a, const ms::Diagnostic& b) {
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
  });
  return out;
}

}  // namespace drill::sweep
