// Rank 0's side of an MPI sweep (mpi_executor.hpp): the work queue, rank
// 0's own runs, in-order consumption.
//
// Rank 0's own tickets (worker 0) run on the thread that calls execute()
// when this machine's ranks fill its CPUs, which is always so when mpirun
// binds each rank to a core (its default): a thread of their own would
// share rank 0's core with the thread that stores the runs, and lose its
// CPU to it at the scheduler's moments (runs cut in two, wakes; a two-rank
// sweep of 1,000 small-drill runs took 15.6-17.5 ms that way on the 2-core
// test machine, 14.4-14.8 ms this way). That thread then runs one ticket,
// looks at the ranks, hands out and consumes, and runs the next; every
// other worker holds tickets for twice rank 0's mean run as well, so none
// runs dry while rank 0 runs one. With a core to spare, a local thread runs
// them (below), and the calling thread only hands out and consumes.
//
// The same rules as LocalExecutor (local_executor.hpp), so a sweep's
// results do not depend on which executor ran it: a window of tickets ahead
// of the oldest not yet consumed; `wanted` then `known` asked as a ticket
// enters the window, `wanted` again before its outcome is consumed;
// prepare() once per point before its first ticket goes anywhere; a stop
// lets the runs in progress finish and consumes the unbroken prefix of
// finished tickets; the first error stops handing out work and is rethrown
// once every rank has answered what it was given (so the message streams
// are clean for the next execute() and for the end).
//
// Dispatch is dynamic: every worker (the local thread is worker 0, rank r
// is worker r) holds at most a few tickets, and a free slot goes to the
// worker with the least time queued, so a rank that finishes gets the next
// ticket. A worker holds enough tickets to stay busy for a few milliseconds
// (from the mean wall time of its own runs: 2 for long runs, up to 256 for
// runs of a few microseconds; about 150 for the small drill's 26 us), so it
// has its next ticket while rank 0 sleeps between polls, creates the
// database or is late to wake on a busy machine, and yet a sweep of long
// runs does not end with one rank's queue still full while the others are
// idle. Each worker's own time, not one mean of all: the local thread
// shares its core with rank 0's main thread, which stores every run, and
// its runs take a third longer than a worker rank's; holding as many
// tickets as a rank, it ended a 1,000-run sweep of the small drill 2-3.5 ms
// after the rank, which sat idle. Until the first run's time is known a
// worker holds 2, and rank 0 waits for it before its own preparations.
// Once every ticket is handed out, a rank with room takes over tickets
// rank 0 has queued and not begun, while that evens their queues:
// the sweep's last runs go to whoever is free. The local thread wakes rank
// 0's main thread only when its own queue is down to half that (or a run
// failed), not after every run: with short runs a wake per run (two context
// switches) cost the main thread, and so the runs beside it, more than the
// runs' results.
#include "sweep/mpi_library.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "engine/run_threads.hpp"
#include "sweep/mpi_executor.hpp"
#include "sweep/mpi_messages.hpp"
#include "sweep/mpi_sends.hpp"

namespace drill::sweep {

namespace {

using namespace std::chrono_literals;
namespace msg = mpi_messages;

/// How long rank 0 sleeps between looks at the worker ranks while they run.
/// Each look costs a few microseconds; ranks hold the next tickets, so one
/// that finishes while rank 0 sleeps starts its next ticket at once.
constexpr auto kRankPoll = 500us;
/// The same once the local thread has nothing left to run, so its core is
/// rank 0's alone: at a sweep's end the last outcomes of the ranks came in
/// a few at each look, and 500 us naps kept 1,000 runs of the small drill
/// waiting 1.3-2.7 ms after the last run ended.
constexpr auto kIdleRankPoll = 50us;
/// How long it sleeps when only the local thread runs (the stop flag, set
/// by a signal handler, cannot wake it).
constexpr auto kStopPoll = 50ms;
/// After a stop request, how long rank 0 waits for the runs the worker
/// ranks hold (their runs end in microseconds to milliseconds, and a rank
/// answers for each): a rank silent that long is taken for lost (killed,
/// its node gone), and the stopped sweep is committed without its runs,
/// within the second mpirun gives a job between SIGTERM and SIGKILL.
constexpr auto kStopAnswerWait = 500ms;
/// Tickets a worker (a rank or the local thread) holds: enough for
/// kWorkerQueueSeconds of runs, within [kMinWorkerDepth, kMaxWorkerDepth].
constexpr double kWorkerQueueSeconds = 0.004;
constexpr std::size_t kMinWorkerDepth = 2;
constexpr std::size_t kMaxWorkerDepth = 256;

enum class SlotState { skipped, running, done };

struct Slot {
  SlotState state = SlotState::running;
  std::optional<RunOutcome> outcome;
  bool local = false;  // run by the local thread
};

/// What the local run thread produced for one ticket.
struct LocalResult {
  std::size_t index = 0;
  std::optional<RunOutcome> outcome;
  std::exception_ptr error;
};

/// Rank 0's own worker: one thread that runs the tickets it is given, in
/// order. It never calls MPI.
class LocalRunner {
 public:
  LocalRunner(const Runs& runs, const std::vector<RunTicket>& tickets)
      : runs_(runs), tickets_(tickets), thread_(engine::start_run_thread([this] { loop(); })) {}
  ~LocalRunner() {
    close();
    thread_.join();
  }
  /// Tells the thread to end once it is idle (at once if it is), without
  /// waiting for it: a thread's exit takes 0.3-0.8 ms, which the sweep then
  /// does not wait for. The thread touches no ticket after this.
  void close() {
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
    }
    input_ready_.notify_all();
  }
  LocalRunner(const LocalRunner&) = delete;
  LocalRunner& operator=(const LocalRunner&) = delete;

  /// Queues a ticket; the thread wakes the caller (take()) when a run
  /// fails or leaves at most `wake_at` tickets queued.
  void give(std::size_t index, std::size_t wake_at) {
    {
      std::lock_guard lock(mutex_);
      input_.push_back(index);
      wake_at_ = wake_at;
    }
    input_ready_.notify_one();
  }
  /// A consumed outcome of this thread's, for it to destroy when it takes
  /// its next ticket: memory freed by the thread that allocated it goes
  /// back to that thread's cache and arena, without taking the arena's lock
  /// while the thread allocates its next run.
  void recycle(RunOutcome&& spent) {
    std::lock_guard lock(mutex_);
    spent_.push_back(std::move(spent));
  }
  /// Takes back up to `count` of the queued tickets it has not begun, the
  /// last given first; returns them, last given first.
  std::vector<std::size_t> take_back(std::size_t count) {
    std::vector<std::size_t> back;
    std::lock_guard lock(mutex_);
    while (back.size() < count && !input_.empty()) {
      back.push_back(input_.back());
      input_.pop_back();
    }
    return back;
  }
  /// Waits up to `timeout` for a result; moves every result there is into `out`.
  void take(std::deque<LocalResult>& out, std::chrono::microseconds timeout) {
    std::unique_lock lock(mutex_);
    output_ready_.wait_for(lock, timeout, [&] { return !output_.empty(); });
    while (!output_.empty()) {
      out.push_back(std::move(output_.front()));
      output_.pop_front();
    }
  }

 private:
  void loop() {
    std::vector<RunOutcome> spent;  // swapped with spent_: both keep their capacity
    std::unique_lock lock(mutex_);
    for (;;) {
      input_ready_.wait(lock, [&] { return closing_ || !input_.empty(); });
      if (closing_) return;
      LocalResult r;
      r.index = input_.front();
      input_.pop_front();
      // A copy: a run may go on while execute() leaves on an exception,
      // and with it the tickets (the thread is then retired, not joined).
      const RunTicket ticket = tickets_[r.index];
      spent.swap(spent_);
      lock.unlock();
      spent.clear();
      try {
        r.outcome.emplace(runs_.run(ticket));
      } catch (...) {
        r.error = std::current_exception();
      }
      lock.lock();
      const bool wake = r.error || input_.size() <= wake_at_;
      output_.push_back(std::move(r));
      if (wake) output_ready_.notify_one();
    }
  }

  const Runs& runs_;
  const std::vector<RunTicket>& tickets_;
  std::mutex mutex_;
  std::condition_variable input_ready_;
  std::condition_variable output_ready_;
  std::deque<std::size_t> input_;
  std::deque<LocalResult> output_;
  std::vector<RunOutcome> spent_;
  std::size_t wake_at_ = 0;
  bool closing_ = false;
  std::thread thread_;  // last: starts once the rest is built
};

class MpiExecutor final : public Executor {
 public:
  MpiExecutor(MpiRanks& ranks, Runs& runs, std::string identity, CallerRuns caller_runs)
      : ranks_(ranks),
        runs_(runs),
        identity_(std::move(identity)),
        caller_runs_(caller_runs == CallerRuns::always ||
                     (caller_runs == CallerRuns::automatic &&
                      static_cast<int>(engine::usable_cpus()) <=
                          (launched_local_size() > 0 ? launched_local_size() : ranks.size()))),
        introduced_(static_cast<std::size_t>(ranks.size()), false),
        learned_(static_cast<std::size_t>(ranks.size())),
        latest_series_(static_cast<std::size_t>(ranks.size())),
        run_times_(static_cast<std::size_t>(ranks.size())) {
    if (!ranks.root()) throw std::logic_error("the MPI executor runs on rank 0 only");
  }
  // Messages to a lost rank may never go: not waited for.
  ~MpiExecutor() override {
    if (!lost_) sends_.finish();
  }

  WorkDone execute(const Work& work, const engine::StopFlag* stop) override;
  unsigned workers() const noexcept override { return static_cast<unsigned>(ranks_.size()); }
  bool lost_workers() const noexcept override { return lost_; }

 private:
  /// Non-blocking, so rank 0 never waits on a busy worker.
  void send(int rank, std::string bytes) { sends_.send(rank, msg::kToWorker, std::move(bytes)); }

  /// Each worker's mean run time and the tickets it holds at most. They
  /// change only as outcomes arrive, so they are worked out once each time
  /// tickets are handed out, not once per ticket and worker.
  struct Pace {
    std::vector<double> mean;        // per worker; of the fastest worker while it has none; 0 while none has
    std::vector<std::size_t> depth;  // per worker: kWorkerQueueSeconds of its runs
    std::size_t window = 0;          // tickets ahead of the oldest not yet consumed
  };
  Pace pace() const {
    Pace p;
    double fastest = 0;
    for (const RunTimes& t : run_times_)
      if (t.mean > 0 && (fastest == 0 || t.mean < fastest)) fastest = t.mean;
    // When rank 0 runs its tickets itself, it hands out none while it runs
    // one: each worker holds enough for twice rank 0's run as well.
    const double cover =
        caller_runs_ ? std::max(kWorkerQueueSeconds, 2 * run_times_[0].mean) : kWorkerQueueSeconds;
    std::size_t held_at_most = 0;
    for (const RunTimes& t : run_times_) {
      const double mean = t.mean > 0 ? t.mean : fastest;
      std::size_t depth = kMinWorkerDepth;
      if (mean > 0) {
        const double wanted = cover / mean + 1;
        depth = wanted >= static_cast<double>(kMaxWorkerDepth)
                    ? kMaxWorkerDepth
                    : std::max(kMinWorkerDepth, static_cast<std::size_t>(wanted));
      }
      p.mean.push_back(mean);
      p.depth.push_back(depth);
      held_at_most += depth;
    }
    // Room for every worker's tickets three times over: the oldest ticket a
    // worker holds waits behind the others it holds, while every other
    // worker finishes as many, out of order. Memory is a few hundred
    // outcomes per worker whatever the number of tickets (at most 4 x 256 x
    // ranks).
    p.window = 4 * held_at_most;
    return p;
  }

  /// A worker's runs' wall time: a moving mean over the last few dozen
  /// (it says nothing of the results; it only sets how far ahead the
  /// worker is fed). A worker's first run touches its code and memory for
  /// the first time (20 to 30 times a later run of the small drill): the
  /// second replaces it rather than being averaged with it.
  struct RunTimes {
    double mean = 0;
    std::size_t runs = 0;
    void add(double seconds) {
      ++runs;
      mean = runs <= 2 ? seconds : 0.95 * mean + 0.05 * seconds;
    }
  };

  MpiRanks& ranks_;
  Runs& runs_;
  const std::string identity_;
  const bool caller_runs_;  // rank 0's calling thread is worker 0 (no local thread)
  std::vector<bool> introduced_;              // per rank: identity sent
  std::set<PointId> prepared_;                // on rank 0
  std::vector<std::set<PointId>> learned_;    // per rank: points whose description it has
  std::vector<SeriesList> latest_series_;     // per rank: the series of its latest outcome (since its identity message)
  std::vector<RunTimes> run_times_;           // per worker, across execute() calls
  PendingSends sends_;
  bool lost_ = false;  // a stopped execute() gave up on ranks that did not answer
  /// The last execute()'s local thread, told to end and not yet joined
  /// (joined by the next execute() or the destructor).
  std::unique_ptr<LocalRunner> retiring_;
};

WorkDone MpiExecutor::execute(const Work& work, const engine::StopFlag* stop) {
  WorkDone done;
  const std::vector<RunTicket>& tickets = work.tickets;
  const std::size_t n = tickets.size();
  if (n == 0) return done;

  const int ranks = ranks_.size();
  std::deque<Slot> slots;  // tickets next_out .. next_in-1
  std::size_t next_in = 0;
  std::size_t next_out = 0;
  // Ticket indices each worker holds, oldest first (worker 0: the local
  // thread); a worker answers in this order.
  std::vector<std::deque<std::size_t>> held(static_cast<std::size_t>(ranks));
  std::size_t in_flight = 0;
  bool stopping = false;
  bool started = false;  // work.started called
  std::exception_ptr error;
  // When the stop was asked for: from then on the ranks' answers are
  // waited for kStopAnswerWait at most (the time the stop is seen: the
  // loop below and a message being received look).
  std::optional<std::chrono::steady_clock::time_point> stop_seen;
  const auto see_stop = [&] {
    if (!stop || !stop->requested()) return;
    stopping = true;
    if (!stop_seen) stop_seen = std::chrono::steady_clock::now();
  };
  const auto answers_overdue = [&] {
    see_stop();
    return stop_seen && std::chrono::steady_clock::now() - *stop_seen >= kStopAnswerWait;
  };
  const auto fail = [&](std::exception_ptr e) {
    if (!error) error = e;
    stopping = true;
  };
  const auto wanted = [&](const RunTicket& t) { return !work.wanted || work.wanted(t); };

  retiring_.reset();
  // Rank 0's tickets: on a thread of its own (retired, not joined, however
  // execute() leaves), or run here (none).
  struct Retire {
    std::unique_ptr<LocalRunner>& into;
    std::unique_ptr<LocalRunner> runner;
    ~Retire() {
      if (!runner) return;
      runner->close();
      into = std::move(runner);
    }
  } retire{retiring_, caller_runs_ ? nullptr : std::make_unique<LocalRunner>(runs_, tickets)};
  LocalRunner* const local = retire.runner.get();
  std::deque<LocalResult> local_results;
  std::string received;

  const auto finished = [&](std::size_t index, RunOutcome&& outcome, std::size_t worker) {
    Slot& slot = slots[index - next_out];
    slot.local = worker == 0;
    run_times_[worker].add(outcome.wall_seconds);
    slot.outcome.emplace(std::move(outcome));
    slot.state = SlotState::done;
    ++done.ran;
  };

  // Tickets for each worker rank not yet sent: one message per rank per
  // look at the queue (mpi_messages.hpp).
  std::vector<std::string> outgoing(static_cast<std::size_t>(ranks));
  const auto send_tickets = [&](int rank) {
    std::string& batch = outgoing[static_cast<std::size_t>(rank)];
    if (!batch.empty()) send(rank, std::exchange(batch, {}));
  };
  // Hands ticket `index` to worker rank `rank` (with what the rank must
  // know first: the messages before it go first).
  const auto send_ticket = [&](int rank, std::size_t index) {
    const RunTicket& t = tickets[index];
    const auto r = static_cast<std::size_t>(rank);
    if (!introduced_[r]) {
      send_tickets(rank);
      send(rank, msg::identity_message(identity_));
      introduced_[r] = true;
    }
    if (learned_[r].insert(t.point).second) {
      send_tickets(rank);
      send(rank, msg::point_message(t.point, runs_.describe(t.point)));
    }
    msg::add_ticket(outgoing[r], t);
  };
  const auto send_all_tickets = [&] {
    for (int w = 1; w < ranks; ++w) send_tickets(w);
  };

  // Up to `count` of rank 0's queued tickets not begun, the last given first.
  const auto take_back = [&](std::size_t count) {
    if (local) return local->take_back(count);
    const auto taken = static_cast<std::ptrdiff_t>(std::min(count, held[0].size()));
    return std::vector<std::size_t>(held[0].rbegin(), held[0].rbegin() + taken);
  };

  // Once every ticket is handed out: moves the local thread's last queued
  // tickets to ranks with room while that shortens the local queue's time
  // more than it lengthens the rank's.
  const auto even_out = [&](const Pace& pace) {
    const double local_mean = pace.mean[0];
    if (!(local_mean > 0)) return;
    for (int w = 1; w < ranks; ++w) {
      const auto k = static_cast<std::size_t>(w);
      const double mean = pace.mean[k];
      if (!(mean > 0)) continue;
      const std::size_t local_count = held[0].size();
      std::size_t moves = 0;
      while (moves + 1 < local_count && held[k].size() + moves < pace.depth[k] &&
             static_cast<double>(local_count - moves - 1) * local_mean >
                 static_cast<double>(held[k].size() + moves + 1) * mean)
        ++moves;
      if (moves == 0) continue;
      for (const std::size_t index : take_back(moves)) {
        // The tickets the local thread has not begun are the back of held[0].
        held[0].erase(std::find(held[0].begin(), held[0].end(), index));
        send_ticket(w, index);
        held[k].push_back(index);
      }
    }
  };

  // Hands out tickets entering the window while a worker has room.
  const auto hand_out = [&] {
    const Pace pace = this->pace();
    while (!stopping && next_in < n && next_in < next_out + pace.window) {
      const RunTicket& t = tickets[next_in];
      if (!wanted(t)) {
        slots.push_back(Slot{SlotState::skipped, std::nullopt, false});
        ++next_in;
        continue;
      }
      if (std::optional<RunOutcome> k = work.known ? work.known(t) : std::nullopt) {
        slots.push_back(Slot{SlotState::done, std::move(k), false});
        ++next_in;
        continue;
      }
      // The worker with room and the least time queued (its tickets by its
      // mean run time; their count while no time is known); ties to the
      // lowest rank.
      int target = -1;
      double least = 0;
      for (int w = 0; w < ranks; ++w) {
        const auto k = static_cast<std::size_t>(w);
        if (held[k].size() >= pace.depth[k]) continue;
        const double mean = pace.mean[k];
        const double queued = static_cast<double>(held[k].size()) * (mean > 0 ? mean : 1.0);
        if (target < 0 || queued < least) {
          target = w;
          least = queued;
        }
      }
      if (target < 0) return;
      if (prepared_.insert(t.point).second) runs_.prepare(t.point);
      if (target == 0) {
        if (local) local->give(next_in, pace.depth[0] / 2);
      } else {
        send_ticket(target, next_in);
      }
      held[static_cast<std::size_t>(target)].push_back(next_in);
      slots.push_back(Slot{SlotState::running, std::nullopt, false});
      ++in_flight;
      ++next_in;
    }
    if (!stopping && next_in == n) even_out(pace);
  };
  const auto fill = [&] {
    try {
      hand_out();
    } catch (...) {
      send_all_tickets();  // what was handed out goes, so that every rank answers it
      throw;
    }
    send_all_tickets();
  };

  // Takes every answer the worker ranks have sent.
  const auto poll_ranks = [&] {
    const MpiLibrary& m = mpi();
    for (;;) {
      int arrived = 0;
      MPI_Status status;
      m.Iprobe(MPI_ANY_SOURCE, msg::kToRoot, m.comm_world, &arrived, &status);
      if (!arrived) return;
      int count = 0;
      m.Get_count(&status, m.char_type, &count);
      received.resize(static_cast<std::size_t>(count));
      // Not MPI_Recv: a rank killed while its message was on the way never
      // sends the rest (a long message comes in pieces), and a blocking
      // receive would wait for ever, deaf to the stop.
      MPI_Request request{};
      m.Irecv(received.data(), count, m.char_type, status.MPI_SOURCE, msg::kToRoot, m.comm_world, &request);
      for (int complete = 0; !complete;) {
        m.Test(&request, &complete, MPI_STATUS_IGNORE);
        if (!complete && answers_overdue()) {
          lost_ = true;
          return;
        }
      }
      const int rank = status.MPI_SOURCE;
      std::deque<std::size_t>& mine = held[static_cast<std::size_t>(rank)];
      // A message that is not whole answers is a fault of the program, not
      // of a run: it ends the sweep (the rank's tickets are unaccounted for).
      msg::for_each_answer(received, [&](char kind, std::string_view payload) {
        if (mine.empty()) throw std::logic_error("rank " + std::to_string(rank) + " answered a ticket it was not given");
        const std::size_t index = mine.front();
        mine.pop_front();
        --in_flight;
        try {
          if (kind == msg::kError) throw std::runtime_error("rank " + std::to_string(rank) + ": " + std::string(payload));
          if (kind != msg::kOutcome) throw std::runtime_error("unknown answer kind");
          // A rank's outcomes usually have its previous outcome's series:
          // shared, not allocated again.
          SeriesList& latest = latest_series_[static_cast<std::size_t>(rank)];
          RunOutcome outcome = decode(payload, latest);
          latest = outcome.series;
          if (outcome.ticket != tickets[index])
            throw std::runtime_error("rank " + std::to_string(rank) + " answered with another ticket's outcome");
          finished(index, std::move(outcome), static_cast<std::size_t>(rank));
        } catch (...) {
          fail(std::current_exception());
        }
      });
    }
  };

  const auto take_local = [&](std::chrono::microseconds timeout) {
    local->take(local_results, timeout);
    for (LocalResult& r : local_results) {
      held[0].pop_front();
      --in_flight;
      if (r.error) {
        fail(r.error);
      } else {
        finished(r.index, std::move(*r.outcome), 0);
      }
    }
    local_results.clear();
  };

  // Runs rank 0's oldest ticket on this thread.
  const auto run_here = [&] {
    const std::size_t index = held[0].front();
    std::optional<RunOutcome> outcome;
    try {
      outcome.emplace(runs_.run(tickets[index]));
    } catch (...) {
      fail(std::current_exception());
    }
    held[0].pop_front();
    --in_flight;
    if (outcome) finished(index, std::move(*outcome), 0);
  };

  // Consumes the finished prefix of the window. A run that did not reach
  // its horizon was stopped: the sweep stops there.
  const auto consume_ready = [&] {
    while (!slots.empty() && slots.front().state != SlotState::running) {
      Slot& front = slots.front();
      if (front.state == SlotState::done && !front.outcome->completed) {
        stopping = true;
        return;
      }
      std::optional<RunOutcome> outcome = std::move(front.outcome);
      const bool skipped = front.state == SlotState::skipped;
      const bool from_local = front.local;
      slots.pop_front();
      const RunTicket& t = tickets[next_out];
      ++next_out;
      if (skipped || !wanted(t)) continue;
      work.consume(std::move(*outcome));
      ++done.consumed;
      if (from_local && local) local->recycle(std::move(*outcome));
    }
  };

  while (next_out < n) {
    see_stop();
    try {
      fill();
    } catch (...) {
      fail(std::current_exception());
    }
    sends_.reap();
    poll_ranks();
    if (local) {
      // Sleep only while something runs: briefly while worker ranks do, as
      // long as the stop poll allows while only the local thread does.
      std::chrono::microseconds nap{0};
      if (in_flight > held[0].size()) {
        nap = held[0].empty() ? kIdleRankPoll : kRankPoll;
      } else if (in_flight > 0) {
        nap = kStopPoll;
      }
      take_local(nap);
    } else if (stopping) {
      // Rank 0's tickets not begun are dropped; the ranks answer theirs.
      in_flight -= held[0].size();
      held[0].clear();
      if (in_flight > 0) std::this_thread::sleep_for(kIdleRankPoll);
    } else if (!held[0].empty()) {
      run_here();  // one ticket, then the ranks again
    } else if (in_flight > 0) {
      std::this_thread::sleep_for(kIdleRankPoll);
    }
    if (stopping) {
      // Every worker answers what it holds; after a stop request the
      // ranks only for so long (rank 0's own thread always).
      if (in_flight > held[0].size() && answers_overdue()) lost_ = true;
      if (in_flight > 0 && !lost_) continue;
      break;
    }
    try {
      // The answers freed room: the workers get their next tickets before
      // rank 0 consumes (which may commit the database).
      fill();
      if (!started && (done.ran > 0 || in_flight == 0)) {
        // A run's time is known (or nothing runs), so every worker holds
        // kWorkerQueueSeconds of tickets: rank 0's own preparations
        // (creating the database, 3 ms in a new process) overlap them.
        // Before, the workers held the two tickets of an unknown run time,
        // and waited.
        started = true;
        if (work.started) work.started();
      }
      consume_ready();
    } catch (...) {
      fail(std::current_exception());
    }
  }
  if (!lost_) sends_.finish();
  if (error) std::rethrow_exception(error);
  if (stopping) {
    consume_ready();
    done.stopped = next_out < n;
  }
  return done;
}

}  // namespace

std::unique_ptr<Executor> make_mpi_executor(MpiRanks& ranks, Runs& runs, std::string identity,
                                            CallerRuns caller_runs) {
  return std::make_unique<MpiExecutor>(ranks, runs, std::move(identity), caller_runs);
}

}  // namespace drill::sweep
