// The runs of a sweep: a design point's drill (the sweep's drill text with
// the point's overrides) built once, and one replication of it simulated
// per ticket, reduced to the RunOutcome a sweep keeps.
//
// Seeds: with common random numbers (the default) every point runs with
// the same seed (the sweep's `seed`, else the point's drill's own), so
// replication r of every point draws from the same streams and two points
// differ only by what their parameters change. Without them a point's seed
// is mix64(base + 0x9E3779B97F4A7C15 * (point + 1)) (core/random.hpp's
// splitmix64 mixer) cut to 53 bits (what a
// JSON reader holds exactly), base being that same seed: independent
// streams per point, still a pure function of the sweep.
// The horizon and warm-up are each point's drill's. When the sweep watches
// series (warm_up, time_series) a run also samples them between slices at
// every multiple of their intervals from D+0 (the run's final sample after
// settling the fuel accounts, as `drillsim run` does); sampling never
// changes a run's events.
// Thread safety: add_point, prepare and learn on the calling thread; run()
// on any number of workers at once (each run builds its own simulation;
// the prepared drills and series lists are immutable and shared, found
// under a lock held for a lookup only).
// Costs: prepare loads and validates the drill once per point (unless the
// point's drill was adopted from validate_points, which loaded it); run()
// builds the model and runs it; its outcome shares the point's list of
// series keys (copied only when a run's series differ from the point's
// previous run's, or for a point's first run from the latest run's of any
// point), found by the snapshot's catalog when a run of the point
// had that catalog before (a worker's runs usually share one), else by
// comparing the keys.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/metrics/snapshot.hpp"
#include "engine/drill_source.hpp"
#include "sweep/executor.hpp"
#include "sweep/sweep_file.hpp"

namespace drill::sweep {

class SweepRuns final : public Runs {
 public:
  /// `drill_text`: the sweep's drill, read once (read_drill). No points
  /// yet: the caller adds the sweep's grid points and search probes.
  SweepRuns(const SweepFile& sweep, std::string drill_text);

  /// The next point (0, 1, ...), not yet built.
  PointId add_point(PointPlan plan);
  std::size_t points() const;
  /// A copy: points may be added meanwhile.
  PointPlan plan(PointId point) const;

  /// Each run's RunOutcome::summary_json (the summary.json `drillsim run`
  /// writes for that replication with the point's overrides, made by the
  /// program `who` names), off by default. Set before running.
  struct Maker {
    std::string tool_version, git_revision;
  };
  void keep_summaries(bool on, Maker who = {}) {
    summaries_ = on;
    maker_ = std::move(who);
  }

  /// Whether run() gives each outcome its RunOutcome::value_array (on by
  /// default) or leaves the text to the thread that stores the runs
  /// (SweepDb::stage_run writes it then). With fewer workers than CPUs
  /// that thread has a CPU of its own, and the text there costs the workers
  /// nothing; with as many workers as CPUs its time is theirs too. The
  /// text is the same either way. Set before running.
  void write_value_arrays(bool on) noexcept { value_arrays_ = on; }

  /// The seed ticket's run uses (see the banner); the point must be prepared.
  std::uint64_t seed(const RunTicket& ticket) const;

  /// Throws std::runtime_error with the drill's diagnostics if the point's
  /// drill is not valid (validate_points() reports them all beforehand),
  /// std::out_of_range for a point never added.
  void prepare(PointId point) override;
  /// Gives point `point` the drill prepare() would build, loaded beforehand
  /// from this sweep's drill text with the point's overrides
  /// (validate_points' `drills`), so it is not loaded twice. Nothing for a
  /// point already prepared or a null drill.
  void adopt(PointId point, std::shared_ptr<const engine::DrillSource> drill);
  RunOutcome run(const RunTicket& ticket) const override;
  /// The point's overrides, one `PATH=VALUE` a line.
  std::string describe(PointId point) const override;
  /// Adds (or, before it is prepared, replaces) point `point` from
  /// describe()'s text; points between the last known and it are left
  /// empty until learned. A prepared point learned again must be the same.
  /// A point offered beforehand gets the offered drill if its description
  /// is the offered plan's.
  void learn(PointId point, std::string_view description) override;
  /// A drill loaded before point `point` is learned (an MPI worker loads the
  /// grid while rank 0 validates it): learn() adopts it when the point's
  /// description is `plan`'s, else forgets it.
  void offer(PointId point, const PointPlan& plan, std::shared_ptr<const engine::DrillSource> drill);

 private:
  struct Point {
    PointPlan plan;
    bool known = false;
    std::shared_ptr<const engine::DrillSource> drill;  // set by prepare
    std::string offered_description;                    // offer()'s, until learned
    std::shared_ptr<const engine::DrillSource> offered;
    mutable SeriesList series;  // of its latest run (run() sets it): shared with the next whose series are the same
    // The catalogs its runs' snapshots had, each with its list of keys (a
    // few: one a worker while the series stay the same).
    mutable std::vector<std::pair<std::shared_ptr<const core::metrics::Catalog>, SeriesList>> catalogs;
  };
  /// The keys of `snap`'s series: the point's latest list when they are the same.
  SeriesList series_of(PointId point, const core::metrics::Snapshot& snap) const;
  std::shared_ptr<const engine::DrillSource> prepared(PointId point) const;
  /// run() without its wall time: the run, from building the model to the
  /// outcome, which is all the model leaves once this returns.
  RunOutcome simulate(const RunTicket& ticket) const;
  std::uint64_t seed_of(PointId point, const engine::DrillSource& drill) const;

  /// Catalogs a point remembers; more are forgotten (all at once).
  static constexpr std::size_t kCatalogsPerPoint = 16;

  const SweepFile sweep_;
  const std::string drill_text_;
  engine::DrillTextLoader loader_;  // of drill_text_: prepare()'s, on the calling thread
  std::vector<std::string> watched_;             // series sampled: warm-up first, then time series
  std::vector<std::int64_t> watched_every_;      // their intervals, ticks
  std::int64_t sample_every_ = 0;                // gcd of the intervals; 0: no sampling
  bool summaries_ = false;
  Maker maker_;
  bool value_arrays_ = true;
  mutable std::mutex mutex_;  // guards points_ (its growth) against run()'s lookups, and latest_series_
  std::vector<Point> points_;
  mutable SeriesList latest_series_;  // of the latest run of any point
};

}  // namespace drill::sweep
