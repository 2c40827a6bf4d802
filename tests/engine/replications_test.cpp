// Replications on threads: the same results in the same order for any
// number of threads, and a stop keeps a prefix of whole replications.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "engine/drill_source.hpp"
#include "engine/replications.hpp"
#include "tests/support/snapshot_series.hpp"

namespace drill::engine {
namespace {

const std::filesystem::path kConfigs = std::filesystem::path(DRILL_SOURCE_DIR) / "configs";

struct Row {
  std::uint64_t replication;
  std::uint64_t fingerprint;
  std::uint64_t events;
  double fuel;
  bool operator==(const Row&) const = default;
};

std::vector<Row> run_all(const DrillSource& d, std::uint64_t n, unsigned jobs) {
  std::vector<Row> rows;
  const ReplicationPlan plan{.seed = d.spec.drill.seed, .count = n, .jobs = jobs,
                             .horizon = core::at(d.spec.drill.horizon)};
  const ReplicationsOutcome o = run_replications(d.spec, plan, [&](RunResult&& r) {
    rows.push_back(Row{r.replication, r.fingerprint, r.events, drill::testing::value_of(r.final_snapshot, "fuel_consumed_aircraft")});
  });
  EXPECT_EQ(o.consumed, n);
  EXPECT_EQ(o.status, RunStatus::completed);
  return rows;
}

TEST(Replications, IdenticalForOneAndFourJobsInReplicationOrder) {
  LoadOutcome l = load((kConfigs / "joint_drill.yaml").string());
  ASSERT_TRUE(l.ok());
  const std::vector<Row> one = run_all(*l.drill, 9, 1);
  const std::vector<Row> four = run_all(*l.drill, 9, 4);
  ASSERT_EQ(one.size(), 9u);
  EXPECT_EQ(one, four);
  for (std::size_t i = 0; i < one.size(); ++i) EXPECT_EQ(one[i].replication, i);
  EXPECT_NE(one[0].fingerprint, one[1].fingerprint);  // each has its own streams
}

TEST(Replications, AStopKeepsAPrefixOfWholeReplications) {
  LoadOutcome l = load((kConfigs / "small.yaml").string());
  ASSERT_TRUE(l.ok());
  const std::uint64_t n = 200;
  for (unsigned jobs : {1u, 3u}) {
    StopFlag stop;
    std::vector<RunResult> got;
    const ReplicationPlan plan{.seed = 7, .count = n, .jobs = jobs, .horizon = core::at(core::days(1)),
                               .slice = core::hours(1)};
    const ReplicationsOutcome o = run_replications(
        l.drill->spec, plan,
        [&](RunResult&& r) {
          got.push_back(std::move(r));
          if (got.size() == 2) stop.request();
        },
        &stop);
    EXPECT_EQ(o.status, RunStatus::stopped) << jobs << " jobs";
    EXPECT_EQ(o.consumed, got.size());
    EXPECT_GE(got.size(), 2u);
    // Workers run at most 4 x jobs ahead: no more can have finished.
    EXPECT_LE(got.size(), 2u + 4u * jobs + jobs);
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].replication, i);
      EXPECT_EQ(got[i].status, RunStatus::completed);
    }
  }
}

TEST(Replications, APausedSetRunsNothingUntilResumedAndThenGivesTheSameResults) {
  LoadOutcome l = load((kConfigs / "joint_drill.yaml").string());
  ASSERT_TRUE(l.ok());
  const std::vector<Row> plain = run_all(*l.drill, 4, 2);
  for (unsigned jobs : {1u, 2u}) {
    RunControl control;
    control.pause();
    std::atomic<int> consumed{0};
    std::vector<Row> rows;
    ReplicationsOutcome o;
    const ReplicationPlan plan{.seed = l.drill->spec.drill.seed, .count = 4, .jobs = jobs,
                               .horizon = core::at(l.drill->spec.drill.horizon)};
    std::thread set([&] {
      o = run_replications(
          l.drill->spec, plan,
          [&](RunResult&& r) {
            rows.push_back(Row{r.replication, r.fingerprint, r.events,
                               drill::testing::value_of(r.final_snapshot, "fuel_consumed_aircraft")});
            ++consumed;
          },
          nullptr, nullptr, &control);
    });
    // Paused before it began: its workers hold before their first replication.
    ASSERT_TRUE(control.wait_until_held()) << jobs << " jobs";
    EXPECT_TRUE(control.held());
    EXPECT_EQ(consumed.load(), 0);
    control.resume();
    set.join();
    EXPECT_EQ(o.status, RunStatus::completed);
    EXPECT_EQ(rows, plain) << jobs << " jobs";
    EXPECT_FALSE(control.wait_until_held());  // the set has ended
  }
}

TEST(Replications, AStopThroughTheControlEndsAHeldSetWithNothingRun) {
  LoadOutcome l = load((kConfigs / "small.yaml").string());
  ASSERT_TRUE(l.ok());
  RunControl control;
  control.pause();
  ReplicationsOutcome o;
  int consumed = 0;
  const ReplicationPlan plan{.seed = 7, .count = 50, .jobs = 2, .horizon = core::at(core::days(1))};
  std::thread set([&] {
    o = run_replications(l.drill->spec, plan, [&](RunResult&&) { ++consumed; }, nullptr, nullptr, &control);
  });
  ASSERT_TRUE(control.wait_until_held());
  control.request_stop();
  set.join();
  EXPECT_EQ(o.status, RunStatus::stopped);
  EXPECT_EQ(o.consumed, 0u);
  EXPECT_EQ(consumed, 0);
}

TEST(Replications, AnExceptionInTheConsumerStopsTheWorkersAndIsRethrown) {
  LoadOutcome l = load((kConfigs / "small.yaml").string());
  ASSERT_TRUE(l.ok());
  const ReplicationPlan plan{.seed = 7, .count = 50, .jobs = 2, .horizon = core::at(core::days(1))};
  int calls = 0;
  EXPECT_THROW(run_replications(l.drill->spec, plan,
                                [&](RunResult&&) {
                                  if (++calls == 3) throw std::runtime_error("disk full");
                                }),
               std::runtime_error);
  EXPECT_EQ(calls, 3);
}

/// Records what a replication observer hears, checking the promises made.
class Listener final : public ReplicationObserver {
 public:
  explicit Listener(std::uint64_t n) : latest_(n, core::SimTime::zero()), finished_(n, false) {}
  void on_progress(const ReplicationProgress& p) override {
    ASSERT_LT(p.replication, latest_.size());
    EXPECT_FALSE(finished_[p.replication]) << "progress of replication " << p.replication << " after its results";
    EXPECT_GE(p.now, latest_[p.replication]);
    latest_[p.replication] = p.now;
    horizon = p.horizon;
    ++progress_calls;
  }
  void on_replication(const RunResult& r, std::uint64_t done) override {
    order.push_back(r.replication);
    EXPECT_EQ(done, order.size());
    // Its last progress was at its end, and came first.
    EXPECT_EQ(latest_[r.replication], r.end);
    finished_[r.replication] = true;
    fingerprints.push_back(r.fingerprint);
  }
  std::vector<std::uint64_t> order;
  std::vector<std::uint64_t> fingerprints;
  core::SimTime horizon;
  std::uint64_t progress_calls = 0;

 private:
  std::vector<core::SimTime> latest_;
  std::vector<bool> finished_;
};

TEST(Replications, AnObserverHearsProgressAndEachReplicationInOrderForOneAndThreeJobs) {
  LoadOutcome l = load((kConfigs / "joint_drill.yaml").string());
  ASSERT_TRUE(l.ok());
  const std::uint64_t n = 7;
  std::vector<std::uint64_t> consumed_order;
  std::vector<std::vector<std::uint64_t>> fingerprints;
  for (unsigned jobs : {1u, 3u}) {
    Listener heard(n);
    consumed_order.clear();
    const ReplicationPlan plan{.seed = 3, .count = n, .jobs = jobs, .horizon = core::at(l.drill->spec.drill.horizon),
                               .slice = core::hours(12)};
    const ReplicationsOutcome o = run_replications(
        l.drill->spec, plan, [&](RunResult&& r) { consumed_order.push_back(r.replication); }, nullptr, &heard);
    EXPECT_EQ(o.consumed, n);
    const std::vector<std::uint64_t> in_order = {0, 1, 2, 3, 4, 5, 6};
    EXPECT_EQ(heard.order, in_order) << jobs << " jobs";
    EXPECT_EQ(consumed_order, in_order) << jobs << " jobs";
    EXPECT_GE(heard.progress_calls, n) << jobs << " jobs";
    EXPECT_EQ(heard.horizon, core::at(l.drill->spec.drill.horizon));
    fingerprints.push_back(heard.fingerprints);
  }
  EXPECT_EQ(fingerprints[0], fingerprints[1]);
}

TEST(Replications, WorkerThreadsNeverExceedTheReplications) {
  EXPECT_EQ(worker_threads(8, 3), 3u);
  EXPECT_EQ(worker_threads(2, 100), 2u);
  EXPECT_GE(worker_threads(0, 100), 1u);
}

}  // namespace
}  // namespace drill::engine
