// The engine's result sets: the files it writes and what their manifests say,
// including a stopped run.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "drill/v1/run_summary.pb.h"
#include "engine/result_set.hpp"

namespace drill::engine {
namespace {

namespace fs = std::filesystem;

class ResultSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("drillsim-engine-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    LoadOutcome l = load(std::string(DRILL_SOURCE_DIR) + "/configs/small.yaml");
    ASSERT_TRUE(l.ok());
    drill_ = std::move(*l.drill);
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  fs::path root_;
  DrillSource drill_;
  const Invocation who_{"9.9.9", "abcdef012345", {"drillsim", "run", "small.yaml"}};
};

TEST_F(ResultSetTest, SingleRunWritesSummaryAndManifestWithTheRunsFields) {
  std::shared_ptr<const std::string> summary;
  {
    io::ResultFolder out(root_ / "out");
    const SingleOutcome o = run_single(drill_, RunRequest{}, who_, &out);
    out.commit();
    EXPECT_EQ(o.manifest.run.status, io::RunManifest::Status::completed);
    EXPECT_EQ(o.manifest.run.seed, 7u);
    EXPECT_EQ(o.manifest.run.fingerprint, o.run.fingerprint);
    summary = o.summary_json;
  }
  // The outcome holds summary.json's text as written (what a live server
  // answers at the end), and none without a folder.
  ASSERT_TRUE(summary);
  EXPECT_EQ(*summary, read(root_ / "out" / "summary.json"));
  EXPECT_FALSE(run_single(drill_, RunRequest{}, who_).summary_json);
  const std::string m = read(root_ / "out" / "manifest.json");
  EXPECT_NE(m.find("\"tool_version\": \"9.9.9\""), std::string::npos) << m;
  EXPECT_NE(m.find("\"git_revision\": \"abcdef012345\""), std::string::npos) << m;
  EXPECT_NE(m.find("\"config_sha256\": \"" + drill_.sha256 + "\""), std::string::npos) << m;
  EXPECT_NE(m.find("\"status\": \"completed\""), std::string::npos) << m;
  EXPECT_NE(m.find("\"replication\": 0"), std::string::npos) << m;
  EXPECT_NE(m.find("\"simulated_end\": \"D+1 00:00:00\""), std::string::npos) << m;
  EXPECT_TRUE(fs::exists(root_ / "out" / "summary.json"));
}

TEST_F(ResultSetTest, AStoppedRunSaysStoppedAndWhereItEnded) {
  StopFlag stop;
  io::ResultFolder out(root_ / "out");
  RunRequest request;
  request.slice = core::hours(4);
  ObserverFunction stopper([&](const SliceBoundary& b) {
    // Hourly samples: requested at 07:00, honoured at the next boundary.
    if (b.now() >= core::at(core::hours(7))) stop.request();
  });
  const SingleOutcome o = run_single(drill_, request, who_, &out, RunHooks{.observers = {&stopper}, .stop = &stop});
  out.commit();
  EXPECT_EQ(o.run.status, RunStatus::stopped);
  EXPECT_EQ(o.manifest.run.status, io::RunManifest::Status::stopped);
  const std::string m = read(root_ / "out" / "manifest.json");
  EXPECT_NE(m.find("\"status\": \"stopped\""), std::string::npos) << m;
  EXPECT_NE(m.find("\"simulated_end\": \"D+0 08:00:00\""), std::string::npos) << m;
  EXPECT_NE(m.find("\"horizon\": \"D+1 00:00:00\""), std::string::npos) << m;
  // The summary.pb manifest is filled from the same struct.
  drill::v1::RunManifest pb;
  io::fill_run_manifest(o.manifest.run, pb);
  EXPECT_EQ(pb.status(), drill::v1::RUN_STATUS_STOPPED);
  EXPECT_EQ(pb.horizon_us(), core::at(core::hours(8)).ticks());
  EXPECT_EQ(pb.config_sha256(), drill_.sha256);
  EXPECT_EQ(pb.calendar_start(), "2026-06-01T00:00:00Z");
}

TEST_F(ResultSetTest, ASetWritesEveryReplicationAndAStoppedSetCountsOnlyWholeOnes) {
  RunRequest request;
  request.replications = 3;
  request.jobs = 2;
  {
    io::ResultFolder out(root_ / "out");
    struct Count final : ReplicationObserver {
      std::uint64_t reported = 0;
      void on_replication(const RunResult&, std::uint64_t done) override { reported = done; }
    } count;
    const SetOutcome o = run_set(drill_, request, who_, &out, &count);
    const std::uint64_t reported = count.reported;
    out.commit();
    EXPECT_EQ(reported, 3u);
    EXPECT_EQ(o.manifest.replications, 3u);
    EXPECT_EQ(o.manifest.run.status, io::RunManifest::Status::completed);
  }
  for (const char* f : {"manifest.json", "replications.json", "replications.csv", "replication-0000.json",
                        "replication-0002.json", "replication-0000.pb", "replication-0002.pb"})
    EXPECT_TRUE(fs::exists(root_ / "out" / f)) << f;
  EXPECT_EQ(replication_file_name(7, "pb"), "replication-0007.pb");

  StopFlag stop;
  stop.request();
  const SetOutcome stopped = run_set(drill_, request, who_, nullptr, nullptr, &stop);
  EXPECT_EQ(stopped.manifest.replications, 0u);
  EXPECT_EQ(stopped.manifest.run.status, io::RunManifest::Status::stopped);
}

TEST_F(ResultSetTest, ASingleRunWithoutAFolderSamplesForItsObserversWhenAsked) {
  RunRequest request;
  std::vector<double> sampled_hours;
  ObserverFunction probe([&](const SliceBoundary& b) {
    if (b.sampled()) sampled_hours.push_back(b.changes().time().hours());
  });
  const SingleOutcome plain = run_single(drill_, request, who_, nullptr, RunHooks{.observers = {&probe}});
  EXPECT_TRUE(sampled_hours.empty());  // nobody asked: nothing is read
  request.sample_every = core::hours(5);
  const SingleOutcome sampled = run_single(drill_, request, who_, nullptr, RunHooks{.observers = {&probe}});
  EXPECT_EQ(sampled_hours, (std::vector<double>{0, 5, 10, 15, 20, 24}));
  EXPECT_EQ(sampled.run.fingerprint, plain.run.fingerprint);
}

TEST(ResolveRequest, TheRequestOverridesTheDrillAndUntilNeverPassesTheHorizon) {
  LoadOutcome l = load(std::string(DRILL_SOURCE_DIR) + "/configs/joint_drill.yaml");
  ASSERT_TRUE(l.ok());
  RunRequest request;
  ResolvedRequest r = resolve(*l.drill, request);
  EXPECT_EQ(r.seed, l.drill->spec.drill.seed);
  EXPECT_EQ(r.replications, static_cast<std::uint64_t>(l.drill->spec.drill.replications));
  request.seed = 5;
  request.replication = 4;
  request.until = core::at(core::days(90));
  r = resolve(*l.drill, request);
  EXPECT_EQ(r.seed, 5u);
  EXPECT_EQ(r.replications, 1u);
  EXPECT_EQ(r.replication, 4u);
  EXPECT_EQ(r.horizon, core::at(l.drill->spec.drill.horizon));
}

TEST(ResolveRequest, SamplingAndWarmUpComeFromTheDrillUnlessTheRequestSaysOtherwise) {
  LoadOutcome l = load(std::string(DRILL_SOURCE_DIR) + "/configs/small.yaml");
  ASSERT_TRUE(l.ok());
  DrillSource d = std::move(*l.drill);
  RunRequest request;
  EXPECT_EQ(resolve(d, request).sample_every, core::hours(1));
  EXPECT_FALSE(resolve(d, request).warm_up);
  d.spec.drill.sample_every = core::minutes(10);
  d.spec.drill.warm_up = core::hours(6);
  EXPECT_EQ(resolve(d, request).sample_every, core::minutes(10));
  EXPECT_EQ(resolve(d, request).warm_up, core::at(core::hours(6)));
  request.sample_every = core::minutes(1);
  request.warm_up = core::hours(2);
  EXPECT_EQ(resolve(d, request).sample_every, core::minutes(1));
  EXPECT_EQ(resolve(d, request).warm_up, core::at(core::hours(2)));
  request.warm_up = core::days(1);  // the horizon: nothing would be left
  EXPECT_THROW(resolve(d, request), std::invalid_argument);
  request.warm_up = core::hours(-1);
  EXPECT_THROW(resolve(d, request), std::invalid_argument);
  request.warm_up.reset();
  request.sample_every = core::Duration::zero();
  EXPECT_THROW(resolve(d, request), std::invalid_argument);
}

TEST_F(ResultSetTest, AWarmUpShowsInEveryFileButChangesNeitherFingerprintNorEvents) {
  RunRequest request;
  request.sample_every = core::minutes(20);
  std::optional<SingleOutcome> plain;
  {
    io::ResultFolder out(root_ / "plain");
    plain.emplace(run_single(drill_, request, who_, &out));
    out.commit();
  }
  request.warm_up = core::hours(6) + core::minutes(10);  // off the sampling grid
  std::optional<SingleOutcome> warm;
  {
    io::ResultFolder out(root_ / "warm");
    warm.emplace(run_single(drill_, request, who_, &out));
    out.commit();
  }
  EXPECT_EQ(warm->run.fingerprint, plain->run.fingerprint);
  EXPECT_EQ(warm->run.events, plain->run.events);

  drill::v1::RunSummary pb;
  std::ifstream in(root_ / "warm" / "summary.pb", std::ios::binary);
  ASSERT_TRUE(pb.ParseFromIstream(&in));
  EXPECT_EQ(pb.since_us(), core::at(core::hours(6) + core::minutes(10)).ticks());
  EXPECT_NE(read(root_ / "warm" / "metrics.prom").find("\ndrill_statistics_since_seconds 22200\n"), std::string::npos);
  EXPECT_NE(read(root_ / "plain" / "metrics.prom").find("\ndrill_statistics_since_seconds 0\n"), std::string::npos);

  // timeseries.csv: every series at D+0, at the warm-up and at the end.
  const auto rows_at = [&](const std::string& csv, const std::string& hours) {
    int n = 0;
    std::istringstream lines(csv);
    for (std::string line; std::getline(lines, line);)
      if (line.find("Z," + hours + ",") != std::string::npos) ++n;
    return n;
  };
  const std::string csv = read(root_ / "warm" / "timeseries.csv");
  const int all = rows_at(csv, "0");
  EXPECT_GT(all, 0);
  EXPECT_EQ(rows_at(csv, "6.166666666666667"), all);
  EXPECT_EQ(rows_at(csv, "24"), all);
  EXPECT_LT(rows_at(csv, "6"), all);  // the sample before: only what changed
}

}  // namespace
}  // namespace drill::engine
