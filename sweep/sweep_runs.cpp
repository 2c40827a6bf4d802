#include "sweep/sweep_runs.hpp"

#include <chrono>
#include <numeric>
#include <stdexcept>

#include "core/random.hpp"
#include "engine/drill_run.hpp"
#include "io/headline.hpp"
#include "io/summary_pb.hpp"
#include "sweep/series_keys.hpp"
#include "sweep/sweep_db.hpp"

namespace drill::sweep {

namespace ms = models::scenario;

SweepRuns::SweepRuns(const SweepFile& sweep, std::string drill_text)
    : sweep_(sweep), drill_text_(std::move(drill_text)), loader_(drill_text_, sweep_.drill.string()) {
  if (sweep_.warm_up) {
    watched_.push_back(sweep_.warm_up->series.text);
    watched_every_.push_back(sweep_.warm_up->sample_every.ticks());
  }
  if (sweep_.time_series)
    for (const SeriesChoice& c : sweep_.time_series->series) {
      watched_.push_back(c.text);
      watched_every_.push_back(sweep_.time_series->sample_every.ticks());
    }
  for (std::int64_t every : watched_every_) sample_every_ = std::gcd(sample_every_, every);
}

PointId SweepRuns::add_point(PointPlan plan) {
  std::lock_guard lock(mutex_);
  Point& p = points_.emplace_back();
  p.plan = std::move(plan);
  p.known = true;
  return PointId{static_cast<std::uint32_t>(points_.size() - 1)};
}

std::size_t SweepRuns::points() const {
  std::lock_guard lock(mutex_);
  return points_.size();
}

PointPlan SweepRuns::plan(PointId point) const {
  std::lock_guard lock(mutex_);
  if (point.value >= points_.size() || !points_[point.value].known)
    throw std::out_of_range("sweep: no design point " + std::to_string(point.value));
  return points_[point.value].plan;
}

void SweepRuns::prepare(PointId point) {
  std::vector<ms::Override> overrides;
  {
    std::lock_guard lock(mutex_);
    if (point.value >= points_.size() || !points_[point.value].known)
      throw std::out_of_range("sweep: no design point " + std::to_string(point.value));
    if (points_[point.value].drill) return;
    overrides = points_[point.value].plan.overrides;
  }
  ms::LoadOptions options;
  options.overrides = std::move(overrides);
  engine::LoadOutcome loaded = loader_.load(std::move(options));
  if (!loaded.ok())
    throw std::runtime_error("sweep: design point " + std::to_string(point.value) + " is not a valid drill:\n" +
                             ms::format(loaded.diagnostics));
  auto drill = std::make_shared<const engine::DrillSource>(std::move(*loaded.drill));
  std::lock_guard lock(mutex_);
  points_[point.value].drill = std::move(drill);
}

void SweepRuns::adopt(PointId point, std::shared_ptr<const engine::DrillSource> drill) {
  std::lock_guard lock(mutex_);
  if (point.value >= points_.size() || !points_[point.value].known)
    throw std::out_of_range("sweep: no design point " + std::to_string(point.value));
  if (drill && !points_[point.value].drill) points_[point.value].drill = std::move(drill);
}

std::shared_ptr<const engine::DrillSource> SweepRuns::prepared(PointId point) const {
  std::lock_guard lock(mutex_);
  if (point.value >= points_.size() || !points_[point.value].drill)
    throw std::logic_error("sweep: design point " + std::to_string(point.value) + " run before it was prepared");
  return points_[point.value].drill;
}

std::uint64_t SweepRuns::seed_of(PointId point, const engine::DrillSource& drill) const {
  const std::uint64_t base = sweep_.seed.value_or(drill.spec.drill.seed);
  if (sweep_.common_random_numbers) return base;
  constexpr std::uint64_t kSeedMask = (std::uint64_t{1} << 53) - 1;
  return core::detail::mix64(base + 0x9E3779B97F4A7C15ull * (std::uint64_t{point.value} + 1)) & kSeedMask;
}

std::uint64_t SweepRuns::seed(const RunTicket& ticket) const {
  return seed_of(ticket.point, *prepared(ticket.point));
}

RunOutcome SweepRuns::run(const RunTicket& ticket) const {
  // A run's own time includes taking its model down (a tenth of a small
  // drill's run), done before simulate() returns.
  const auto wall_start = std::chrono::steady_clock::now();
  RunOutcome o = simulate(ticket);
  o.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  // Here, on the worker, unless the thread that stores the runs has a CPU
  // of its own (write_value_arrays). One writer a thread: each keeps the
  // texts of its own last run.
  if (value_arrays_) {
    thread_local ValueArrayWriter writer;
    o.value_array = writer.write(o.values);
  }
  return o;
}

RunOutcome SweepRuns::simulate(const RunTicket& ticket) const {
  const std::shared_ptr<const engine::DrillSource> drill = prepared(ticket.point);
  const ms::DrillSpec& spec = drill->spec;

  engine::RunSettings settings;
  settings.seed = seed_of(ticket.point, *drill);
  settings.replication = ticket.replication;
  settings.horizon = core::at(spec.drill.horizon);
  // One slice a day unless sampling wants shorter ones: each boundary is a
  // return from the event loop and nothing more.
  settings.slice = core::days(1);
  if (sample_every_ > 0) settings.sample_every = core::Duration::from_ticks(sample_every_);
  if (spec.drill.warm_up) settings.warm_up = core::at(*spec.drill.warm_up);
  engine::DrillRun run(spec, settings);

  // Samples of the watched series, by their place in watched_ until the
  // run ends and the final snapshot's order is known.
  std::vector<Sample> samples;
  std::vector<std::optional<std::size_t>> index(watched_.size());
  std::optional<core::metrics::Snapshot> previous;
  auto sample = [&] {
    const core::metrics::Snapshot snap = run.snapshot();
    const std::int64_t now = run.simulation().now().ticks();
    const bool same = previous && previous->same_series(snap);
    for (std::size_t w = 0; w < watched_.size(); ++w) {
      if (now % watched_every_[w] != 0) continue;
      if (!same) index[w] = match_series(snap, watched_[w]).index;
      if (index[w])
        samples.push_back(Sample{static_cast<std::uint32_t>(w), run.simulation().now().seconds(),
                                 snap.values(*index[w]).value});
    }
    previous = snap;
  };
  if (sample_every_ > 0) sample();
  while (run.advance()) {
    const bool last = run.finished();
    if (last) run.settle();
    if (sample_every_ > 0 && run.at_sample()) sample();
  }
  engine::RunResult result = run.result();

  RunOutcome o;
  o.ticket = ticket;
  o.fingerprint = result.fingerprint;
  o.events = result.events;
  o.completed = result.status == engine::RunStatus::completed;
  const core::metrics::Snapshot& snap = result.final_snapshot;
  o.series = series_of(ticket.point, snap);
  o.values.reserve(snap.size());
  for (std::size_t i = 0; i < snap.size(); ++i) o.values.push_back(io::headline_value(snap, i));
  if (!samples.empty()) {
    // Watched series named by their final place, in time order (sampling
    // went forward in time, so the order within a time is watched_'s).
    std::vector<std::optional<std::size_t>> final_index(watched_.size());
    for (std::size_t w = 0; w < watched_.size(); ++w) final_index[w] = match_series(snap, watched_[w]).index;
    o.samples.reserve(samples.size());
    for (const Sample& s : samples)
      if (final_index[s.series])
        o.samples.push_back(Sample{static_cast<std::uint32_t>(*final_index[s.series]), s.time_s, s.value});
  }
  if (summaries_) {
    io::RunManifest m;
    m.tool_version = maker_.tool_version;
    m.git_revision = maker_.git_revision;
    m.config_path = drill->path;
    m.config_sha256 = drill->sha256;
    m.seed = settings.seed;
    m.replication = static_cast<std::uint32_t>(ticket.replication);
    m.fingerprint = result.fingerprint;
    m.events = result.events;
    m.horizon = result.end;
    m.calendar_start = drill->calendar_start;
    m.status = o.completed ? io::RunManifest::Status::completed : io::RunManifest::Status::stopped;
    std::vector<io::ManifestOverride> overrides;
    for (const ms::Override& ov : drill->overrides) overrides.push_back({ov.path_text, ov.value});
    o.summary_json = io::summary_json(io::make_run_summary(m, spec.drill.name, snap, result.tasks, overrides));
  }
  return o;
}

SeriesList SweepRuns::series_of(PointId point, const core::metrics::Snapshot& snap) const {
  // A snapshot's keys follow from its catalog alone, and a worker's runs
  // share their catalog while their series stay the same (the collector
  // reuses its last one): a catalog seen before names its list without a
  // key compared. Comparing the keys cost a run 1.5 us with one worker and
  // 6 us with two (they read the point's list, in memory one of them
  // writes around).
  SeriesList latest;
  {
    std::lock_guard lock(mutex_);
    const Point& p = points_[point.value];
    for (const auto& [catalog, list] : p.catalogs)
      if (catalog == snap.catalog()) return list;
    // A point's first run compares with the latest list of any point:
    // points with the same series share one list, not a copy each (~70
    // keys of four strings, 8 KB a point of configs/small.yaml).
    latest = p.series.empty() ? latest_series_ : p.series;
  }
  bool same = latest.size() == snap.size();
  for (std::size_t i = 0; same && i < snap.size(); ++i) same = has_key(snap, i, latest[i]);
  SeriesList found = latest;
  if (!same) {
    std::vector<SeriesKey> keys;
    keys.reserve(snap.size());
    for (std::size_t i = 0; i < snap.size(); ++i) keys.push_back(series_key(snap, i));
    found = SeriesList(std::move(keys));
  }
  std::lock_guard lock(mutex_);
  const Point& p = points_[point.value];  // its lists are mutable: a cache
  if (!same) {
    // Another worker that began this point, or another, at the same moment
    // may have made the same list meanwhile: its list is shared instead,
    // so that runs with the same series carry one list (the storing thread
    // tells lists apart by address first).
    for (const SeriesList* made : {&p.series, &latest_series_}) {
      if (!made->empty() && !made->shares(latest) && made->keys() == found.keys()) {
        found = *made;
        break;
      }
    }
  }
  p.series = found;
  latest_series_ = found;
  if (p.catalogs.size() == kCatalogsPerPoint) p.catalogs.clear();
  p.catalogs.emplace_back(snap.catalog(), found);
  return found;
}

namespace {
/// A plan's overrides, one `PATH=VALUE` a line: describe()'s text.
std::string description_of(const PointPlan& plan) {
  std::string out;
  for (const ms::Override& o : plan.overrides) {
    out += o.text();
    out += '\n';
  }
  return out;
}
}  // namespace

std::string SweepRuns::describe(PointId point) const { return description_of(plan(point)); }

void SweepRuns::offer(PointId point, const PointPlan& plan, std::shared_ptr<const engine::DrillSource> drill) {
  std::lock_guard lock(mutex_);
  if (point.value >= points_.size()) points_.resize(point.value + 1);
  Point& p = points_[point.value];
  p.offered_description = description_of(plan);
  p.offered = std::move(drill);
}

void SweepRuns::learn(PointId point, std::string_view description) {
  PointPlan plan;
  std::size_t line_number = 0;
  while (!description.empty()) {
    const std::size_t nl = description.find('\n');
    const std::string_view line = description.substr(0, nl);
    description.remove_prefix(nl == std::string_view::npos ? description.size() : nl + 1);
    ++line_number;
    if (line.empty()) continue;
    std::string error;
    auto o = ms::parse_override(line, error, "sweep point " + std::to_string(point.value) + ": ");
    if (!o)
      throw std::runtime_error("sweep: line " + std::to_string(line_number) + " of design point " +
                               std::to_string(point.value) + "'s description: " + error);
    plan.parameters.emplace_back(o->path_text, o->value);
    plan.overrides.push_back(std::move(*o));
  }
  std::lock_guard lock(mutex_);
  if (point.value >= points_.size()) points_.resize(point.value + 1);
  Point& p = points_[point.value];
  if (p.drill) {
    if (description_of(p.plan) != description_of(plan))
      throw std::runtime_error("sweep: design point " + std::to_string(point.value) +
                               " learned with other overrides than it was built with");
    return;
  }
  if (p.offered && p.offered_description == description_of(plan)) p.drill = std::move(p.offered);
  p.offered.reset();
  p.offered_description.clear();
  p.plan = std::move(plan);
  p.known = true;
}

}  // namespace drill::sweep
