// LocalExecutor against a fake Runs whose runs take uneven times, so
// workers finish out of order: outcomes are consumed in ticket order, the
// consumed set does not depend on the number of workers, the window bounds
// the work ahead, and stops and exceptions end the work as executor.hpp says.
#include "sweep/local_executor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace drill::sweep {
namespace {

/// The value a ticket's run yields: distinct per ticket.
double value_of(const RunTicket& t) { return t.point.value * 1000.0 + static_cast<double>(t.replication); }

class FakeRuns final : public Runs {
 public:
  void prepare(PointId point) override {
    std::lock_guard lock(mutex_);
    ++prepared_[point.value];
  }
  RunOutcome run(const RunTicket& t) const override {
    {
      std::lock_guard lock(mutex_);
      if (!prepared_.count(t.point.value)) throw std::logic_error("ran a point never prepared");
    }
    const int outstanding = ++outstanding_;
    int seen = max_outstanding_.load();
    while (outstanding > seen && !max_outstanding_.compare_exchange_weak(seen, outstanding)) {
    }
    // Uneven durations: later tickets often finish first.
    std::this_thread::sleep_for(std::chrono::microseconds(((t.replication * 7 + t.point.value * 3) % 5) * 300));
    if (fail_at && *fail_at == t) throw std::runtime_error("the run failed");
    ++runs_;
    if (std::this_thread::get_id() == caller_) ++on_caller_;
    RunOutcome o;
    o.ticket = t;
    o.fingerprint = static_cast<std::uint64_t>(value_of(t));
    o.series = {SeriesKey{"m", "", "s", "value"}};
    o.values.push_back(value_of(t));
    return o;
  }
  std::string describe(PointId) const override { return {}; }
  void learn(PointId, std::string_view) override {}

  /// Called as an outcome is consumed (no longer held by the executor).
  void released() { --outstanding_; }
  int prepare_count(std::uint32_t point) const {
    std::lock_guard lock(mutex_);
    auto it = prepared_.find(point);
    return it == prepared_.end() ? 0 : it->second;
  }
  int runs() const { return runs_; }
  /// Runs made on the thread that made this object (the test's, which
  /// calls execute()).
  int runs_on_caller() const { return on_caller_; }
  int max_outstanding() const { return max_outstanding_; }
  std::optional<RunTicket> fail_at;

 private:
  mutable std::mutex mutex_;
  std::map<std::uint32_t, int> prepared_;
  mutable std::atomic<int> runs_{0};
  const std::thread::id caller_ = std::this_thread::get_id();
  mutable std::atomic<int> on_caller_{0};
  mutable std::atomic<int> outstanding_{0};
  mutable std::atomic<int> max_outstanding_{0};
};

std::vector<RunTicket> grid(std::uint32_t points, std::uint64_t replications) {
  std::vector<RunTicket> t;
  for (std::uint32_t p = 0; p < points; ++p)
    for (std::uint64_t r = 0; r < replications; ++r) t.push_back(RunTicket{PointId{p}, r});
  return t;
}

/// The tests that take it run both ways: the calling thread only
/// consuming, and a worker too.
class LocalExecutorTest : public ::testing::TestWithParam<CallerRuns> {};
INSTANTIATE_TEST_SUITE_P(CallingThread, LocalExecutorTest, ::testing::Values(CallerRuns::never, CallerRuns::always),
                         [](const ::testing::TestParamInfo<CallerRuns>& info) {
                           return info.param == CallerRuns::always ? "AWorkerToo" : "ConsumingOnly";
                         });

TEST_P(LocalExecutorTest, ConsumesEveryOutcomeInTicketOrderForAnyNumberOfWorkers) {
  // The default window, and windows of one and three tickets (the calling
  // thread waits for half the window: one ticket, one of three).
  const CallerRuns mode = GetParam();
  for (const auto& [jobs, window] : std::vector<std::pair<unsigned, std::size_t>>{
           {1u, 0}, {2u, 0}, {5u, 0}, {1u, 1}, {2u, 1}, {2u, 3}, {5u, 3}}) {
    FakeRuns runs;
    LocalExecutor executor(runs, jobs, window, mode);
    std::vector<RunTicket> seen;
    Work work;
    work.tickets = grid(3, 11);
    work.consume = [&](RunOutcome&& o) {
      EXPECT_EQ(o.values.at(0), value_of(o.ticket));
      seen.push_back(o.ticket);
      runs.released();
    };
    const WorkDone done = executor.execute(work, nullptr);
    const std::string where = std::to_string(jobs) + " jobs, window " + std::to_string(window);
    EXPECT_EQ(seen, work.tickets) << where;
    EXPECT_EQ(done.consumed, 33u) << where;
    EXPECT_EQ(done.ran, 33u) << where;
    EXPECT_FALSE(done.stopped) << where;
    for (std::uint32_t p = 0; p < 3; ++p) EXPECT_EQ(runs.prepare_count(p), 1) << "point " << p << ", " << where;
    if (mode == CallerRuns::never) {
      EXPECT_EQ(runs.runs_on_caller(), 0) << where;
    } else if (jobs == 1) {
      EXPECT_EQ(runs.runs_on_caller(), 33) << where;  // the calling thread is the only worker
    }
  }
}

TEST(LocalExecutor, TheCallingThreadRunsTicketsWhileItWaitsWhenItIsAWorker) {
  // Two jobs: one thread is started, and the calling thread, which has the
  // first tickets queued when it would wait for the first outcomes (runs
  // of up to 1.2 ms), runs some of them; as many runs are made as tickets.
  FakeRuns runs;
  LocalExecutor executor(runs, 2, 0, CallerRuns::always);
  Work work;
  work.tickets = grid(2, 20);
  work.consume = [&](RunOutcome&&) { runs.released(); };
  const WorkDone done = executor.execute(work, nullptr);
  EXPECT_EQ(done.ran, 40u);
  EXPECT_EQ(runs.runs(), 40);
  EXPECT_GE(runs.runs_on_caller(), 1);
  EXPECT_LT(runs.runs_on_caller(), 40);
}

TEST(LocalExecutor, WorkAheadOfConsumptionStaysWithinTheWindow) {
  FakeRuns runs;
  LocalExecutor executor(runs, 3, 6);
  Work work;
  work.tickets = grid(2, 40);
  work.consume = [&](RunOutcome&&) {
    // A slow consumer: the workers would run far ahead without a window.
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    runs.released();
  };
  executor.execute(work, nullptr);
  // The window's six, and the taken ones being consumed (six at most).
  EXPECT_LE(runs.max_outstanding(), 12);
  EXPECT_GE(runs.max_outstanding(), 1);
}

/// A sequential rule on the consumed prefix: point p stops after p + 2
/// replications. Wanted is monotone, so the consumed tickets are the same
/// whatever the workers.
std::vector<RunTicket> stop_per_point(unsigned jobs, CallerRuns mode, int& runs_made, WorkDone& done) {
  FakeRuns runs;
  LocalExecutor executor(runs, jobs, 6, mode);
  std::map<std::uint32_t, std::uint64_t> count;
  std::vector<RunTicket> seen;
  Work work;
  work.tickets = grid(4, 20);
  work.wanted = [&](const RunTicket& t) { return count[t.point.value] < t.point.value + 2; };
  work.consume = [&](RunOutcome&& o) {
    ++count[o.ticket.point.value];
    seen.push_back(o.ticket);
    runs.released();
  };
  done = executor.execute(work, nullptr);
  runs_made = runs.runs();
  return seen;
}

TEST_P(LocalExecutorTest, UnwantedTicketsAreNotConsumedAndTheConsumedSetIgnoresTheWorkers) {
  std::vector<RunTicket> expected;
  for (std::uint32_t p = 0; p < 4; ++p)
    for (std::uint64_t r = 0; r < p + 2; ++r) expected.push_back(RunTicket{PointId{p}, r});
  int made1 = 0, made3 = 0;
  WorkDone done1, done3;
  const std::vector<RunTicket> one = stop_per_point(1, GetParam(), made1, done1);
  const std::vector<RunTicket> three = stop_per_point(3, GetParam(), made3, done3);
  EXPECT_EQ(one, expected);
  EXPECT_EQ(three, expected);
  EXPECT_EQ(done3.consumed, expected.size());
  // Speculative runs happen (at most 6 ahead), but far fewer than the 80 tickets.
  EXPECT_GE(made3, static_cast<int>(expected.size()));
  EXPECT_LT(made3, 80);
}

TEST_P(LocalExecutorTest, KnownOutcomesAreConsumedInPlaceWithoutRunning) {
  FakeRuns runs;
  LocalExecutor executor(runs, 2, 0, GetParam());
  std::vector<double> values;
  Work work;
  work.tickets = grid(2, 5);
  work.known = [](const RunTicket& t) -> std::optional<RunOutcome> {
    if (t.point.value != 0) return std::nullopt;
    RunOutcome o;
    o.ticket = t;
    o.values.push_back(-1.0 - static_cast<double>(t.replication));
    o.series = {SeriesKey{"m", "", "s", "value"}};
    return o;
  };
  work.consume = [&](RunOutcome&& o) { values.push_back(o.values.at(0)); };
  const WorkDone done = executor.execute(work, nullptr);
  EXPECT_EQ(values, (std::vector<double>{-1, -2, -3, -4, -5, 1000, 1001, 1002, 1003, 1004}));
  EXPECT_EQ(done.ran, 5u);
  EXPECT_EQ(done.consumed, 10u);
  EXPECT_EQ(runs.prepare_count(0), 0);  // nothing of point 0 ran
}

TEST_P(LocalExecutorTest, AStopConsumesAPrefixAndReportsStopped) {
  for (const unsigned jobs : {1u, 3u}) {
    SCOPED_TRACE(std::to_string(jobs) + " jobs");
    FakeRuns runs;
    LocalExecutor executor(runs, jobs, 0, GetParam());
    engine::StopFlag stop;
    std::vector<RunTicket> seen;
    Work work;
    work.tickets = grid(5, 30);
    work.consume = [&](RunOutcome&& o) {
      seen.push_back(o.ticket);
      if (seen.size() == 7) stop.request();
    };
    const WorkDone done = executor.execute(work, &stop);
    EXPECT_TRUE(done.stopped);
    ASSERT_GE(seen.size(), 7u);
    EXPECT_LT(seen.size(), 150u);
    EXPECT_EQ(seen, std::vector<RunTicket>(work.tickets.begin(), work.tickets.begin() + static_cast<std::ptrdiff_t>(seen.size())));
  }
}

TEST_P(LocalExecutorTest, AStopBeforeStartingRunsNothing) {
  FakeRuns runs;
  LocalExecutor executor(runs, 2, 0, GetParam());
  engine::StopFlag stop;
  stop.request();
  Work work;
  work.tickets = grid(2, 3);
  work.consume = [](RunOutcome&&) { ADD_FAILURE() << "consumed after a stop"; };
  const WorkDone done = executor.execute(work, &stop);
  EXPECT_TRUE(done.stopped);
  EXPECT_EQ(done.consumed, 0u);
  EXPECT_EQ(runs.runs(), 0);
}

TEST_P(LocalExecutorTest, ARunThatFailsIsRethrownOnTheCallingThread) {
  FakeRuns runs;
  runs.fail_at = RunTicket{PointId{1}, 2};
  LocalExecutor executor(runs, 2, 0, GetParam());
  Work work;
  work.tickets = grid(3, 5);
  work.consume = [](RunOutcome&&) {};
  EXPECT_THROW(executor.execute(work, nullptr), std::runtime_error);
}

TEST_P(LocalExecutorTest, AConsumerThatThrowsStopsTheWorkAndIsRethrown) {
  FakeRuns runs;
  LocalExecutor executor(runs, 2, 0, GetParam());
  Work work;
  work.tickets = grid(3, 50);
  std::size_t consumed = 0;
  work.consume = [&](RunOutcome&&) {
    if (++consumed == 4) throw std::invalid_argument("the database is full");
  };
  EXPECT_THROW(executor.execute(work, nullptr), std::invalid_argument);
  EXPECT_LT(runs.runs(), 150);
}

TEST_P(LocalExecutorTest, StartedIsCalledOnceBeforeAnyOutcomeIsConsumed) {
  FakeRuns runs;
  LocalExecutor executor(runs, 2, 0, GetParam());
  Work work;
  work.tickets = grid(3, 20);
  std::size_t consumed = 0;
  int started = 0;
  std::size_t consumed_when_started = ~std::size_t{0};
  work.consume = [&](RunOutcome&&) {
    runs.released();
    ++consumed;
  };
  work.started = [&] {
    ++started;
    consumed_when_started = consumed;
  };
  const WorkDone done = executor.execute(work, nullptr);
  EXPECT_EQ(done.consumed, 60u);
  EXPECT_EQ(started, 1);
  EXPECT_EQ(consumed_when_started, 0u);
}

TEST(LocalExecutor, AStartedThatThrowsStopsTheWorkAndIsRethrown) {
  FakeRuns runs;
  LocalExecutor executor(runs, 2);
  Work work;
  work.tickets = grid(2, 10);
  std::size_t consumed = 0;
  work.consume = [&](RunOutcome&&) {
    runs.released();
    ++consumed;
  };
  work.started = [] { throw std::runtime_error("cannot create the database"); };
  EXPECT_THROW(executor.execute(work, nullptr), std::runtime_error);
  EXPECT_EQ(consumed, 0u);
}

TEST(LocalExecutor, ZeroJobsMeansAWorkerPerCore) {
  FakeRuns runs;
  const LocalExecutor executor(runs, 0);
  EXPECT_GE(executor.workers(), 1u);
}

}  // namespace
}  // namespace drill::sweep
