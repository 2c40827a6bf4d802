#include "sweep/sweep_driver.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <stdexcept>
#include <utility>

#include "io/headline.hpp"

namespace drill::sweep {

namespace {

/// A design point's state as its outcomes are consumed.
struct PointState {
  PointPlan plan;
  std::string label;
  std::uint64_t count = 0;  // outcomes consumed
  bool done = false;        // met its stopping rule: later tickets unwanted
  bool finished = false;    // its aggregate (and warm-up) rows written
  SeriesList series;  // of its first run
  std::vector<SeriesAccumulator> accumulators;
  std::vector<std::size_t> measures;  // indices of the sequential rule's series
  // Warm-up: the watched series' samples summed over replications.
  std::optional<std::size_t> watched;
  std::vector<double> sample_sum;
  std::vector<double> sample_time;
  std::vector<std::uint64_t> sample_count;
};

std::size_t series_index(const RunOutcome& o, const SeriesChoice& choice) {
  if (std::optional<std::size_t> i = o.find(choice.text)) return *i;
  throw std::runtime_error("a run of design point " + std::to_string(o.ticket.point.value) + " has no series " +
                           choice.text + " (sweep file line " + std::to_string(choice.line) + ")");
}

class Driver {
 public:
  Driver(const SweepFile& sweep, Executor& executor, std::function<SweepDb&()> open_db, const DriverHooks& hooks,
         Replay replay, const engine::StopFlag* stop)
      : sweep_(sweep),
        executor_(executor),
        open_db_(std::move(open_db)),
        hooks_(hooks),
        stop_(stop),
        replay_(std::move(replay)) {
    const Replications& r = sweep.replications;
    if (r.sequential()) {
      measures_ = r.measures;
      if (measures_.empty() && sweep.search) measures_.push_back(sweep.search->measure);
    }
  }

  SweepReport run() {
    if (sweep_.search)
      search(*sweep_.search);
    else
      grid();
    report_.stopped = stopped_;
    db().set_info("status", stopped_ ? "stopped" : "completed");
    db().finish();
    return std::move(report_);
  }

 private:
  /// The database, opened at the first need: the first execute() opens it
  /// once the workers have their first tickets (Work::started), so its
  /// schema and statements are made while the first runs go; the points
  /// added before go in then, in their order.
  SweepDb& db() {
    if (!db_) {
      db_ = &open_db_();
      for (const PendingPoint& p : pending_points_) write_point(p.id, p.origin);
      pending_points_.clear();
    }
    return *db_;
  }

  void write_point(PointId id, const char* origin) {
    const PointState& p = points_[id.value];
    db_->add_point(id, p.label, origin, p.plan.parameters);
  }

  PointId add_point(const PointPlan& plan, const char* origin) {
    const PointId id{static_cast<std::uint32_t>(points_.size())};
    PointState& p = points_.emplace_back();
    p.plan = plan;
    p.label = point_label(plan);
    if (db_) {
      write_point(id, origin);
    } else {
      pending_points_.push_back(PendingPoint{id, origin});
    }
    if (hooks_.add_point) hooks_.add_point(id, plan);
    return id;
  }

  void grid() {
    const std::uint64_t max = sweep_.replications.max;
    for (const PointPlan& plan : sweep_.points) add_point(plan, sweep_.listed ? "points" : "grid");
    std::vector<RunTicket> tickets;
    tickets.reserve(max * points_.size());
    for (std::uint32_t p = 0; p < points_.size(); ++p)
      for (std::uint64_t r = 0; r < max; ++r) tickets.push_back(RunTicket{PointId{p}, r});
    execute(std::move(tickets));
    // Points that are done have their rows already (consume); these are the
    // ones a stop cut short. Outcomes are consumed in ticket order, point by
    // point, and a stop keeps a prefix of them, so the aggregate's rows come
    // out in point order.
    for (std::uint32_t p = 0; p < points_.size(); ++p) finish_point(PointId{p});
  }

  void search(const Search& s) {
    const std::uint64_t max = sweep_.replications.max;
    Bisection bisection(s.from, s.to,
                        s.find == Search::Find::smallest ? Bisection::Find::smallest : Bisection::Find::largest);
    std::uint32_t probe = 0;
    while (std::optional<std::int64_t> value = bisection.next()) {
      const PointId id = add_point(search_point(sweep_, *value), "search");
      std::vector<RunTicket> tickets;
      for (std::uint64_t r = 0; r < max; ++r) tickets.push_back(RunTicket{id, r});
      execute(std::move(tickets));
      finish_point(id);
      if (stopped_) return;
      const PointState& p = points_[id.value];
      SeriesSummary summary;
      io::DisplayUnit unit;  // of the note
      if (p.count > 0) {
        const std::size_t i = series_index_of(p, s.measure);
        summary = p.accumulators[i].summary();
        unit = io::display_unit(p.series[i].unit, p.series[i].statistic);
      }
      // Fewer than two runs give no interval (NaN bounds): they never meet.
      const bool meets = summary.n >= 2 && (s.bound == Search::Bound::below ? summary.ci_high < s.target
                                                                             : summary.ci_low > s.target);
      db().set_search_probe(probe, id, *value, summary, meets);
      report_.probes.push_back(ProbeRow{probe, id, *value, summary, meets});
      if (hooks_.note)
        hooks_.note("search probe " + std::to_string(probe) + ": " + p.label + ": " + s.measure.text + " 95 % CI [" +
                    io::format_figure(summary.ci_low, unit) + ", " + io::format_figure(summary.ci_high, unit) +
                    "] over " + std::to_string(summary.n) + " runs " + (meets ? "meets" : "does not meet") +
                    " the target");
      bisection.record(*value, meets);
      ++probe;
    }
    report_.answer = bisection.answer();
    db().set_info("search_answer", report_.answer ? std::to_string(*report_.answer) : "none");
  }

  static std::string number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
  }

  std::size_t series_index_of(const PointState& p, const SeriesChoice& choice) const {
    for (std::size_t i = 0; i < p.series.size(); ++i)
      if (p.series[i].text() == choice.text) return i;
    throw std::runtime_error("design point " + p.label + " has no series " + choice.text + " (sweep file line " +
                             std::to_string(choice.line) + ")");
  }

  void execute(std::vector<RunTicket> tickets) {
    if (stopped_) return;
    Work work;
    work.tickets = std::move(tickets);
    work.wanted = [this](const RunTicket& t) { return !points_[t.point.value].done && !cut_short(); };
    if (replay_) work.known = [this](const RunTicket& t) { return stored(t); };
    work.consume = [this](RunOutcome&& o) { consume(std::move(o)); };
    work.started = [this] { db(); };
    const WorkDone done = executor_.execute(work, stop_);
    db().flush();
    report_.ran += done.ran;
    if (done.stopped || cut_short()) stopped_ = true;
  }

  /// The stopped sweep's outcome of ticket `t`, if it has one. The
  /// executors ask about tickets in ticket order, and the stored outcomes
  /// come in that order too: one is read ahead; a stored one no ticket asks
  /// about (none, for the same sweep) is passed over.
  std::optional<RunOutcome> stored(const RunTicket& t) {
    for (;;) {
      if (!next_stored_) {
        if (replay_ended_) return std::nullopt;
        next_stored_ = replay_();
        if (!next_stored_) {
          replay_ended_ = true;
          return std::nullopt;
        }
      }
      if (t < next_stored_->ticket) return std::nullopt;
      const bool match = next_stored_->ticket == t;
      std::optional<RunOutcome> o = std::exchange(next_stored_, std::nullopt);
      if (match) {
        replayed_.insert(t);
        return o;
      }
    }
  }

  /// stop_after_runs reached: nothing more is wanted (monotone, as the
  /// executor needs), and the sweep ends as stopped.
  bool cut_short() const noexcept { return hooks_.stop_after_runs && report_.runs >= hooks_.stop_after_runs; }

  void consume(RunOutcome&& o) {
    SweepDb& db = this->db();
    PointState& p = points_.at(o.ticket.point.value);
    if (p.count == 0) first_run(p, o);
    if (o.series.size() != p.series.size())
      throw std::runtime_error("runs of design point " + p.label + " differ in their series");
    for (std::size_t i = 0; i < o.values.size(); ++i) p.accumulators[i].add(o.values[i]);
    if (p.watched) {
      std::size_t k = 0;
      for (const Sample& s : o.samples) {
        if (s.series != *p.watched) continue;
        if (k == p.sample_sum.size()) {
          p.sample_sum.push_back(0);
          p.sample_count.push_back(0);
          p.sample_time.push_back(s.time_s);
        }
        p.sample_sum[k] += s.value;
        ++p.sample_count[k];
        ++k;
      }
    }
    ++p.count;

    const std::uint64_t seed = hooks_.seed_of ? hooks_.seed_of(o.ticket) : 0;
    // A warm-up's samples are kept too: a resumed sweep replays them.
    const bool keep_samples = sweep_.time_series.has_value() || sweep_.warm_up.has_value();
    if (replayed_.erase(o.ticket) > 0) {
      // Stored already (add_run checks that it is the same run).
      db.add_run(report_.runs, seed, o, keep_samples);
      ++report_.replayed;  // not run now: no part of this sweep's run time
    } else {
      // Written with the runs staged before and after it (kBatchRuns).
      db.stage_run(report_.runs, seed, o, keep_samples);
      report_.run_wall_seconds += o.wall_seconds;
    }
    ++report_.runs;
    if (report_.runs % kCheckpointRuns == 0) {
      db.checkpoint();
    } else if (db.staged() >= kBatchRuns) {
      db.flush();
    }

    // The stopping rule, on this point's prefix of replications.
    if (p.count >= sweep_.replications.max) {
      p.done = true;
    } else if (sweep_.replications.sequential() && p.count >= sweep_.replications.min) {
      bool precise = true;
      for (std::size_t m : p.measures)
        precise = precise && precise_enough(p.accumulators[m].summary(), *sweep_.replications.relative_half_width);
      p.done = precise;
    }
    // A point that is done gets its aggregate now, while the later points
    // run, rather than after the last run.
    if (p.done) finish_point(o.ticket.point);
    if (hooks_.on_run) hooks_.on_run(o, report_.runs);
  }

  void first_run(PointState& p, const RunOutcome& o) {
    p.series = o.series;
    p.accumulators.assign(o.series.size(), SeriesAccumulator{});
    for (const SeriesChoice& c : measures_) p.measures.push_back(series_index(o, c));
    if (sweep_.warm_up) p.watched = series_index(o, sweep_.warm_up->series);
  }

  /// The point's aggregate and warm-up rows (also of a point cut short by a
  /// stop: what it has).
  void finish_point(PointId id) {
    PointState& p = points_[id.value];
    if (p.count == 0 || p.finished) return;
    p.finished = true;
    std::vector<SeriesSummary> summaries;
    summaries.reserve(p.series.size());
    for (const SeriesAccumulator& a : p.accumulators) summaries.push_back(a.summary());
    db().set_aggregates(id, p.series, summaries);
    if (p.watched && sweep_.warm_up) warm_up(id, p);
    // A grid's point is done with: what it summed goes (a search reads its
    // probe's summary after this).
    if (!sweep_.search) {
      p.series = {};
      p.accumulators = {};
      p.sample_sum = {};
      p.sample_time = {};
      p.sample_count = {};
    }
  }

  void warm_up(PointId id, const PointState& p) {
    // The point's mean series: samples every replication has, at the
    // sweep's interval (a last sample at the horizon off that grid is left out).
    const double step = sweep_.warm_up->sample_every.seconds();
    std::vector<double> mean;
    for (std::size_t k = 0; k < p.sample_sum.size(); ++k) {
      if (p.sample_count[k] != p.count) break;
      if (k > 0 && std::abs((p.sample_time[k] - p.sample_time[k - 1]) - step) > 1e-6 * step) break;
      mean.push_back(p.sample_sum[k] / static_cast<double>(p.sample_count[k]));
    }
    const WarmUpResult r = mser5(mean, step);
    const SeriesKey& key = p.series[*p.watched];
    db().set_warm_up(id, key, r);
    if (hooks_.note)
      hooks_.note("warm-up of " + key.text() + " at " + (p.label.empty() ? "the drill" : p.label) + ": " +
                  number(r.truncation_time_s / 3600.0) + " h (MSER-5: " + std::to_string(r.truncation_batches) +
                  " of " + std::to_string(r.batches) + " batches of 5 samples, mean of " + std::to_string(p.count) +
                  " runs)");
  }

  const SweepFile& sweep_;
  Executor& executor_;
  std::function<SweepDb&()> open_db_;
  SweepDb* db_ = nullptr;  // open_db_'s, once asked
  struct PendingPoint {
    PointId id;
    const char* origin;
  };
  std::vector<PendingPoint> pending_points_;  // added before the database was open
  const DriverHooks& hooks_;
  const engine::StopFlag* stop_;
  Replay replay_;
  std::optional<RunOutcome> next_stored_;  // read ahead from replay_
  bool replay_ended_ = false;
  std::set<RunTicket> replayed_;  // known outcomes handed over, not yet consumed
  std::vector<SeriesChoice> measures_;
  std::vector<PointState> points_;
  SweepReport report_;
  bool stopped_ = false;
};

}  // namespace

PlannedRuns planned_runs(const SweepFile& sweep) {
  const std::uint64_t max = sweep.replications.max;
  if (!sweep.search) return {max * sweep.points.size(), sweep.replications.sequential()};
  std::uint64_t width = static_cast<std::uint64_t>(sweep.search->to - sweep.search->from) + 1;
  std::uint64_t probes = 1;
  while (width > 1) {
    width = (width + 1) / 2;
    ++probes;
  }
  return {max * probes, true};
}

std::string point_label(const PointPlan& plan) {
  std::string label;
  for (const auto& [path, value] : plan.parameters) {
    if (!label.empty()) label += ", ";
    label += path + "=" + value;
  }
  return label;
}

Replay replay_of(std::vector<RunOutcome> stored) {
  std::sort(stored.begin(), stored.end(),
            [](const RunOutcome& a, const RunOutcome& b) { return a.ticket < b.ticket; });
  auto list = std::make_shared<std::vector<RunOutcome>>(std::move(stored));
  auto next = std::make_shared<std::size_t>(0);
  return [list, next]() -> std::optional<RunOutcome> {
    if (*next == list->size()) return std::nullopt;
    return std::move((*list)[(*next)++]);
  };
}

SweepReport run_sweep(const SweepFile& sweep, Executor& executor, SweepDb& db, const DriverHooks& hooks,
                      Replay replay, const engine::StopFlag* stop) {
  return run_sweep(sweep, executor, [&db]() -> SweepDb& { return db; }, hooks, std::move(replay), stop);
}

SweepReport run_sweep(const SweepFile& sweep, Executor& executor, const std::function<SweepDb&()>& open_db,
                      const DriverHooks& hooks, Replay replay, const engine::StopFlag* stop) {
  return Driver(sweep, executor, open_db, hooks, std::move(replay), stop).run();
}

}  // namespace drill::sweep
