// The MPI executor against a fake Runs, run under `mpirun -np 2` (and as a
// single rank): rank 0 runs these tests, the other ranks serve tickets in
// serve_mpi_worker(). Outcomes are consumed in ticket order and equal a
// one-worker run's, `wanted` and `known` are respected, a stop ends the
// work early with a consumed prefix, and errors on any rank are rethrown
// on rank 0, after which the executor still works.
//
// The fake's points are configured by their describe() text, so a worker
// rank knows a point only from what rank 0 sends it.
#include "sweep/mpi_executor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace drill::sweep {
namespace {

/// A point's behaviour, as text: `offset=N` (the value's offset), `fail=R`
/// (replication R throws), `unlearnable` (learn() refuses it), `root_us=N`
/// and `rank_us=N` (each run sleeps N us on rank 0 or on the other ranks,
/// and its wall_seconds is that time rather than the rank), `slow_after=K`
/// and `slow_us=N` (rank 0's runs after its first K sleep N us).
struct PointText {
  double offset = 0;
  std::optional<std::uint64_t> fail;
  bool unlearnable = false;
  std::optional<int> root_us;
  std::optional<int> rank_us;
  int slow_after = 0;
  std::optional<int> slow_us;

  static PointText parse(std::string_view text) {
    PointText p;
    std::istringstream in{std::string(text)};
    std::string word;
    while (in >> word) {
      if (word.rfind("offset=", 0) == 0) p.offset = std::stod(word.substr(7));
      else if (word.rfind("fail=", 0) == 0) p.fail = std::stoull(word.substr(5));
      else if (word == "unlearnable") p.unlearnable = true;
      else if (word.rfind("root_us=", 0) == 0) p.root_us = std::stoi(word.substr(8));
      else if (word.rfind("rank_us=", 0) == 0) p.rank_us = std::stoi(word.substr(8));
      else if (word.rfind("slow_after=", 0) == 0) p.slow_after = std::stoi(word.substr(11));
      else if (word.rfind("slow_us=", 0) == 0) p.slow_us = std::stoi(word.substr(8));
      else throw std::runtime_error("fake point text: " + word);
    }
    return p;
  }
};

class FakeRuns final : public Runs {
 public:
  explicit FakeRuns(int rank) : rank_(rank) {}

  /// Rank 0 only: the points of the next test.
  void define(PointId point, std::string text) { texts_[point] = std::move(text); }

  void prepare(PointId point) override {
    if (!texts_.count(point)) throw std::logic_error("prepare of an unknown point");
    prepared_[point] = PointText::parse(texts_.at(point));
  }
  RunOutcome run(const RunTicket& t) const override {
    const auto it = prepared_.find(t.point);
    if (it == prepared_.end()) throw std::logic_error("ran a point never prepared");
    const PointText& p = it->second;
    const int before = runs_here_++;
    if (std::this_thread::get_id() == maker_) ++on_maker_;
    std::optional<int> timed = rank_ == 0 ? p.root_us : p.rank_us;
    if (rank_ == 0 && p.slow_us && before >= p.slow_after) timed = p.slow_us;
    // Uneven durations so that ranks and the local thread finish out of order.
    const auto sleep =
        std::chrono::microseconds(timed ? *timed : ((t.replication * 7 + t.point.value * 3) % 5) * 300);
    std::this_thread::sleep_for(sleep);
    if (p.fail && *p.fail == t.replication) throw std::runtime_error("fake run failed");
    RunOutcome o;
    o.ticket = t;
    o.fingerprint = 0x9e3779b97f4a7c15ull * (t.point.value + 1) ^ t.replication;
    o.events = 100 + t.replication;
    o.series = {SeriesKey{"m", "", "s", "value"}, SeriesKey{"fuel", "ship=a", "t", "mean"}};
    o.values = {p.offset + static_cast<double>(t.replication), 1.0 / 3.0 * static_cast<double>(t.point.value)};
    o.samples = {Sample{1, 3600.0, 0.5}, Sample{1, 7200.0, 0.25 * static_cast<double>(t.replication)}};
    // Which rank ran it, in the one field no result may depend on.
    o.wall_seconds = timed ? std::chrono::duration<double>(sleep).count() : rank_;
    return o;
  }
  /// The runs made by this object (on rank 0: rank 0's).
  int runs_here() const noexcept { return runs_here_; }
  /// Those made on the thread that made this object (on rank 0: the
  /// test's, which calls execute()).
  int runs_on_maker() const noexcept { return on_maker_; }
  std::string describe(PointId point) const override { return texts_.at(point); }
  void learn(PointId point, std::string_view description) override {
    if (PointText::parse(description).unlearnable) throw std::runtime_error("fake point cannot be learned");
    texts_[point] = std::string(description);
  }

 private:
  int rank_;
  mutable std::atomic<int> runs_here_{0};
  const std::thread::id maker_ = std::this_thread::get_id();
  mutable std::atomic<int> on_maker_{0};
  std::map<PointId, std::string> texts_;
  std::map<PointId, PointText> prepared_;
};

MpiRanks* ranks = nullptr;  // set by main() before any test runs

std::vector<RunTicket> grid(std::uint32_t points, std::uint64_t replications) {
  std::vector<RunTicket> t;
  for (std::uint32_t p = 0; p < points; ++p)
    for (std::uint64_t r = 0; r < replications; ++r) t.push_back(RunTicket{PointId{p}, r});
  return t;
}

void define_points(FakeRuns& runs, std::uint32_t points) {
  for (std::uint32_t p = 0; p < points; ++p) runs.define(PointId{p}, "offset=" + std::to_string(p * 1000));
}

/// The results of an outcome (everything but wall_seconds).
void expect_same_results(const RunOutcome& a, const RunOutcome& b) {
  EXPECT_EQ(a.ticket, b.ticket);
  EXPECT_EQ(a.fingerprint, b.fingerprint);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.series, b.series);
  EXPECT_EQ(a.values, b.values);
  EXPECT_EQ(a.value_array, b.value_array);
  ASSERT_EQ(a.samples.size(), b.samples.size());
  for (std::size_t i = 0; i < a.samples.size(); ++i) {
    EXPECT_EQ(a.samples[i].series, b.samples[i].series);
    EXPECT_EQ(a.samples[i].time_s, b.samples[i].time_s);
    EXPECT_EQ(a.samples[i].value, b.samples[i].value);
  }
}

/// What a one-worker executor consumes: every ticket in order, run on the
/// spot, with the same `wanted` and `known`.
std::vector<RunOutcome> one_worker(Runs& runs, const Work& work) {
  std::vector<RunOutcome> out;
  for (const RunTicket& t : work.tickets) {
    if (work.wanted && !work.wanted(t)) continue;
    runs.prepare(t.point);
    std::optional<RunOutcome> k = work.known ? work.known(t) : std::nullopt;
    RunOutcome o = k ? std::move(*k) : runs.run(t);
    if (work.wanted && !work.wanted(t)) continue;
    out.push_back(o);
    work.consume(std::move(o));
  }
  return out;
}

/// Every test runs both ways: rank 0's tickets on a thread of its own, and
/// on the thread that calls execute().
class MpiExecutor : public ::testing::TestWithParam<CallerRuns> {};
INSTANTIATE_TEST_SUITE_P(RankZero, MpiExecutor, ::testing::Values(CallerRuns::never, CallerRuns::always),
                         [](const ::testing::TestParamInfo<CallerRuns>& info) {
                           return info.param == CallerRuns::always ? "RunsOnTheCallingThread" : "RunsOnAThread";
                         });

TEST_P(MpiExecutor, HasOneWorkerPerRank) {
  FakeRuns runs(0);
  EXPECT_EQ(make_mpi_executor(*ranks, runs, {}, GetParam())->workers(), static_cast<unsigned>(ranks->size()));
}

TEST_P(MpiExecutor, ConsumesInTicketOrderEqualToOneWorker) {
  FakeRuns runs(0);
  define_points(runs, 6);
  std::vector<RunOutcome> got;
  Work work{grid(6, 9), {}, {}, [&](RunOutcome&& o) { got.push_back(std::move(o)); }, {}};
  const WorkDone done = make_mpi_executor(*ranks, runs, {}, GetParam())->execute(work, nullptr);
  const int rank_0_runs = runs.runs_here();
  const int on_calling_thread = runs.runs_on_maker();
  EXPECT_FALSE(done.stopped);
  EXPECT_EQ(done.consumed, 54u);
  EXPECT_EQ(done.ran, 54u);

  std::vector<RunOutcome> expected;
  Work reference{work.tickets, {}, {}, [](RunOutcome&&) {}, {}};
  expected = one_worker(runs, reference);
  ASSERT_EQ(got.size(), expected.size());
  std::map<int, int> by_rank;
  for (std::size_t i = 0; i < got.size(); ++i) {
    expect_same_results(got[i], expected[i]);
    ++by_rank[static_cast<int>(got[i].wall_seconds)];
  }
  // The queue is shared: every rank ran some tickets.
  EXPECT_EQ(by_rank.size(), static_cast<std::size_t>(ranks->size()));
  // Rank 0's on the thread that called execute(), or none of them.
  EXPECT_GT(rank_0_runs, 0);
  EXPECT_EQ(on_calling_thread, GetParam() == CallerRuns::always ? rank_0_runs : 0);
}

// Once every ticket is handed out, tickets the local thread has queued and
// not begun go to a rank with room. The local thread runs as fast as a rank
// for its first 20 runs, so it is given as many tickets, then 50 times
// slower: it runs about six more than those 20 of the 200 tickets (all
// of them when it is the only worker), and the results are a one-worker
// run's.
TEST_P(MpiExecutor, TicketsQueuedOnTheLocalThreadGoToAFreeRankAtTheEnd) {
  FakeRuns runs(0);
  runs.define(PointId{0}, "offset=0 root_us=100 rank_us=100 slow_after=20 slow_us=5000");
  runs.define(PointId{1}, "offset=1000 root_us=100 rank_us=100 slow_after=20 slow_us=5000");
  std::vector<RunOutcome> got;
  Work work{grid(2, 100), {}, {}, [&](RunOutcome&& o) { got.push_back(std::move(o)); }, {}};
  const WorkDone done = make_mpi_executor(*ranks, runs, {}, GetParam())->execute(work, nullptr);
  EXPECT_EQ(done.consumed, 200u);
  // Without the move the local thread ran every ticket it held when it
  // slowed down: 61 in all on the test machine, against 26-27 with it.
  if (ranks->size() > 1) {
    EXPECT_LE(runs.runs_here(), 45);
  } else {
    EXPECT_EQ(runs.runs_here(), 200);
  }

  FakeRuns reference_runs(1);
  reference_runs.define(PointId{0}, "offset=0 rank_us=0");
  reference_runs.define(PointId{1}, "offset=1000 rank_us=0");
  Work reference{work.tickets, {}, {}, [](RunOutcome&&) {}, {}};
  const std::vector<RunOutcome> expected = one_worker(reference_runs, reference);
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) expect_same_results(got[i], expected[i]);
}

TEST_P(MpiExecutor, UnwantedTicketsAreNotRunAndStoppedPointsDropTheirSpeculativeRuns) {
  FakeRuns runs(0);
  define_points(runs, 3);
  // Point 1 is never wanted; points 0 and 2 stop wanting replications once
  // replication 3 is consumed (monotone, like a sequential stopping rule).
  struct Rule {
    std::map<PointId, bool> met;
    bool wanted(const RunTicket& t) const { return t.point != PointId{1} && !(met.count(t.point) && t.replication > 3); }
  };
  const auto make_work = [](Rule& rule, std::vector<RunOutcome>& got) {
    return Work{grid(3, 10), [&rule](const RunTicket& t) { return rule.wanted(t); }, {},
                [&rule, &got](RunOutcome&& o) {
                  if (o.ticket.replication == 3) rule.met[o.ticket.point] = true;
                  got.push_back(std::move(o));
                }, {}};
  };
  Rule rule;
  std::vector<RunOutcome> got;
  const WorkDone done = make_mpi_executor(*ranks, runs, {}, GetParam())->execute(make_work(rule, got), nullptr);
  Rule reference_rule;
  std::vector<RunOutcome> reference_got;
  const std::vector<RunOutcome> expected = one_worker(runs, make_work(reference_rule, reference_got));

  ASSERT_EQ(got.size(), 8u);
  ASSERT_EQ(expected.size(), 8u);
  for (std::size_t i = 0; i < got.size(); ++i) expect_same_results(got[i], expected[i]);
  EXPECT_EQ(done.consumed, 8u);
  // Never-wanted point 1 ran nothing: at most the 20 tickets of points 0 and 2.
  EXPECT_GE(done.ran, 8u);
  EXPECT_LE(done.ran, 20u);
}

TEST_P(MpiExecutor, KnownOutcomesAreConsumedWithoutRunning) {
  FakeRuns runs(0);
  define_points(runs, 2);
  std::vector<RunOutcome> got;
  Work work{grid(2, 6), {},
            [](const RunTicket& t) -> std::optional<RunOutcome> {
              if (t.point != PointId{0}) return std::nullopt;
              RunOutcome o;
              o.ticket = t;
              o.fingerprint = 42;
              return o;
            },
            [&](RunOutcome&& o) { got.push_back(std::move(o)); }, {}};
  const WorkDone done = make_mpi_executor(*ranks, runs, {}, GetParam())->execute(work, nullptr);
  EXPECT_EQ(done.consumed, 12u);
  EXPECT_EQ(done.ran, 6u);
  ASSERT_EQ(got.size(), 12u);
  for (std::size_t i = 0; i < 12; ++i) {
    EXPECT_EQ(got[i].ticket, work.tickets[i]);
    EXPECT_EQ(got[i].fingerprint == 42, i < 6) << i;
  }
}

TEST_P(MpiExecutor, StopConsumesAPrefixAndTheNextExecuteStillWorks) {
  FakeRuns runs(0);
  define_points(runs, 4);
  auto executor = make_mpi_executor(*ranks, runs, {}, GetParam());
  engine::StopFlag stop;
  std::vector<RunOutcome> got;
  Work work{grid(4, 25), {}, {}, [&](RunOutcome&& o) {
              got.push_back(std::move(o));
              if (got.size() == 5) stop.request();
            }, {}};
  const WorkDone done = executor->execute(work, &stop);
  EXPECT_TRUE(done.stopped);
  EXPECT_GE(got.size(), 5u);
  EXPECT_LT(got.size(), 100u);
  EXPECT_EQ(done.consumed, got.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].ticket, work.tickets[i]);

  // Every rank answered what it held: a second run of the same work is whole.
  std::vector<RunOutcome> again;
  Work whole{work.tickets, {}, {}, [&](RunOutcome&& o) { again.push_back(std::move(o)); }, {}};
  const WorkDone second = executor->execute(whole, nullptr);
  EXPECT_FALSE(second.stopped);
  ASSERT_EQ(again.size(), 100u);
  for (std::size_t i = 0; i < again.size(); ++i) EXPECT_EQ(again[i].ticket, work.tickets[i]);
}

TEST_P(MpiExecutor, ARunThatThrowsOnAnyRankIsRethrownAndTheExecutorRecovers) {
  FakeRuns runs(0);
  define_points(runs, 2);
  runs.define(PointId{1}, "offset=5 fail=4");
  auto executor = make_mpi_executor(*ranks, runs, {}, GetParam());
  Work work{grid(2, 12), {}, {}, [](RunOutcome&&) {}, {}};
  try {
    executor->execute(work, nullptr);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("fake run failed"), std::string::npos) << e.what();
  }
  std::size_t consumed = 0;
  Work good{grid(1, 12), {}, {}, [&](RunOutcome&&) { ++consumed; }, {}};
  executor->execute(good, nullptr);
  EXPECT_EQ(consumed, 12u);
}

TEST_P(MpiExecutor, APointAWorkerCannotLearnIsReportedWithTheRank) {
  if (ranks->size() < 2) GTEST_SKIP() << "needs a worker rank";
  FakeRuns runs(0);
  runs.define(PointId{0}, "offset=1 unlearnable");
  Work work{grid(1, 10), {}, {}, [](RunOutcome&&) {}, {}};
  try {
    make_mpi_executor(*ranks, runs, {}, GetParam())->execute(work, nullptr);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    // The first worker rank to answer (with more than two ranks, any).
    const std::string what = e.what();
    const std::size_t at = what.find(": fake point cannot be learned");
    ASSERT_NE(at, std::string::npos) << what;
    const std::size_t rank_at = what.rfind("rank ", at);
    ASSERT_NE(rank_at, std::string::npos) << what;
    const int rank = std::stoi(what.substr(rank_at + 5, at - rank_at - 5));
    EXPECT_GE(rank, 1) << what;
    EXPECT_LT(rank, ranks->size()) << what;
  }
}

TEST_P(MpiExecutor, StartedIsCalledOnceBeforeAnyOutcomeIsConsumedAndWhatItThrowsIsRethrown) {
  FakeRuns runs(0);
  define_points(runs, 2);
  std::size_t consumed = 0;
  int started = 0;
  std::size_t consumed_when_started = ~std::size_t{0};
  Work work{grid(2, 12), {}, {}, [&](RunOutcome&&) { ++consumed; }, [&] {
              ++started;
              consumed_when_started = consumed;
            }};
  const auto executor = make_mpi_executor(*ranks, runs, {}, GetParam());
  EXPECT_EQ(executor->execute(work, nullptr).consumed, 24u);
  EXPECT_EQ(started, 1);
  EXPECT_EQ(consumed_when_started, 0u);

  consumed = 0;
  work.started = [] { throw std::runtime_error("cannot create the database"); };
  EXPECT_THROW(executor->execute(work, nullptr), std::runtime_error);
  EXPECT_EQ(consumed, 0u);
  // Every rank answered what it was given: the executor works again.
  work.started = {};
  EXPECT_EQ(executor->execute(work, nullptr).consumed, 24u);
}

TEST_P(MpiExecutor, AnExceptionFromConsumeIsRethrown) {
  FakeRuns runs(0);
  define_points(runs, 1);
  Work work{grid(1, 20), {}, {}, [n = 0](RunOutcome&&) mutable {
              if (++n == 3) throw std::runtime_error("consume failed");
            }, {}};
  EXPECT_THROW(make_mpi_executor(*ranks, runs, {}, GetParam())->execute(work, nullptr), std::runtime_error);
}

}  // namespace
}  // namespace drill::sweep

int main(int argc, char** argv) {
  drill::sweep::MpiRanks mpi(argc, argv);
  if (!mpi.root()) {
    drill::sweep::FakeRuns runs(mpi.rank());
    drill::sweep::serve_mpi_worker(mpi, runs);
    return 0;
  }
  ::testing::InitGoogleTest(&argc, argv);
  drill::sweep::ranks = &mpi;
  return RUN_ALL_TESTS();
}
