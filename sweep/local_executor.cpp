#include "sweep/local_executor.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "engine/run_threads.hpp"

namespace drill::sweep {

namespace {

using namespace std::chrono_literals;
/// How often the calling thread looks at the stop flag while it waits (a
/// signal handler sets it and cannot wake a condition variable).
constexpr auto kStopPoll = 50ms;
/// Tickets a worker may run ahead of the oldest not yet consumed.
constexpr std::size_t kWindowPerWorker = 128;
/// Outcomes the calling thread waits for, per worker, before it consumes.
constexpr std::size_t kBatchPerWorker = 32;

enum class SlotState { empty, skipped, queued, running, done, failed };

/// Slot::worker of an outcome no worker made (a known one).
constexpr unsigned kNoWorker = ~0u;
/// Slot::worker of an outcome the calling thread made.
constexpr unsigned kCaller = kNoWorker - 1;

struct Slot {
  SlotState state = SlotState::empty;
  std::optional<RunOutcome> outcome;
  unsigned worker = kNoWorker;  // which worker ran it
};

/// What the calling thread and the workers share, under `mutex`.
struct Shared {
  std::mutex mutex;
  std::condition_variable work_ready;  // workers wait for a ticket or the end
  std::condition_variable slot_done;   // the calling thread waits for outcomes
  std::deque<std::size_t> queue;       // ticket indices handed out, not yet taken
  std::vector<Slot> slots;             // ticket i lives in slots[i % size]
  std::size_t running = 0;
  std::size_t ran = 0;
  std::size_t idle = 0;  // workers waiting for a ticket
  // The calling thread sleeps until the tickets up to `wake_after` have
  // finished: `awaited` counts those still queued or running. A worker
  // wakes it only when that count reaches zero, when a run fails, or (while
  // `draining`) when the last run in progress ends: one wake per batch of
  // outcomes rather than one per run.
  std::size_t wake_after = 0;
  std::size_t awaited = 0;
  bool draining = false;
  bool shutdown = false;
  std::exception_ptr error;
  // Consumed outcomes, by the worker that made them: that worker destroys
  // them when it next takes a ticket. Memory freed by the thread that
  // allocated it goes back to that thread's cache and arena; freed by the
  // calling thread it took the worker's arena lock while the worker was
  // allocating its next run (a few microseconds of waits and wakes a run).
  std::vector<std::vector<RunOutcome>> spent;
};

/// Takes the ticket at the queue's front for `who` (under the lock).
std::size_t take(Shared& s, unsigned who) {
  const std::size_t i = s.queue.front();
  s.queue.pop_front();
  Slot& slot = s.slots[i % s.slots.size()];
  slot.state = SlotState::running;
  slot.worker = who;
  ++s.running;
  return i;
}

/// Records ticket i's outcome or failure (under the lock); true when the
/// calling thread is to be woken.
bool record(Shared& s, std::size_t i, std::optional<RunOutcome>& outcome, std::exception_ptr error) {
  Slot& slot = s.slots[i % s.slots.size()];
  --s.running;
  bool wake = false;
  if (error) {
    if (!s.error) s.error = error;
    slot.state = SlotState::failed;
    wake = true;
  } else {
    ++s.ran;
    slot.outcome = std::move(outcome);
    slot.state = SlotState::done;
  }
  if (s.awaited > 0 && i <= s.wake_after) wake = --s.awaited == 0 || wake;
  if (s.draining && s.running == 0) wake = true;
  return wake;
}

/// Runs one ticket (the lock released): its outcome, or what it threw.
void run_ticket(const Runs& runs, const RunTicket& ticket, std::optional<RunOutcome>& outcome,
                std::exception_ptr& error) {
  try {
    outcome.emplace(runs.run(ticket));
  } catch (...) {
    error = std::current_exception();
  }
}

void worker(Shared& s, const Runs& runs, const std::vector<RunTicket>& tickets, unsigned self) {
  std::vector<RunOutcome> spent;  // swapped with s.spent[self]: both keep their capacity
  std::unique_lock lock(s.mutex);
  for (;;) {
    while (!s.shutdown && s.queue.empty()) {
      ++s.idle;
      s.work_ready.wait(lock);
      --s.idle;
    }
    if (s.shutdown) return;
    const std::size_t i = take(s, self);
    spent.swap(s.spent[self]);
    lock.unlock();
    spent.clear();
    std::optional<RunOutcome> outcome;
    std::exception_ptr error;
    run_ticket(runs, tickets[i], outcome, error);
    engine::keep_apart();
    lock.lock();
    if (record(s, i, outcome, error)) s.slot_done.notify_one();
  }
}

/// The workers of one execute() and what they share with the calling
/// thread. Stopped and joined when it goes, however execute() leaves.
class WorkerPool {
 public:
  WorkerPool(unsigned count, std::size_t slots) {
    s.slots.resize(slots);
    s.spent.resize(count);
    for (std::vector<RunOutcome>& list : s.spent) list.reserve(slots);
  }
  /// Starts the workers (once), each taking the queued tickets at once.
  void start(const Runs& runs, const std::vector<RunTicket>& tickets) {
    threads_ = engine::start_run_threads(static_cast<unsigned>(s.spent.size()),
                                         [this, &runs, &tickets](unsigned i) { worker(s, runs, tickets, i); });
  }
  ~WorkerPool() {
    stop();
    for (std::thread& t : threads_) t.join();
  }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Tells the workers to end (after their current runs), without waiting.
  void stop() {
    {
      std::lock_guard lock(s.mutex);
      s.shutdown = true;
      s.queue.clear();
    }
    s.work_ready.notify_all();
  }

  Shared s;

 private:
  std::vector<std::thread> threads_;
};

}  // namespace

LocalExecutor::LocalExecutor(Runs& runs, unsigned jobs, std::size_t window, CallerRuns caller_runs)
    : runs_(runs),
      workers_(jobs ? jobs : std::max(1u, std::thread::hardware_concurrency())),
      window_(window ? window : kWindowPerWorker * workers_),
      caller_runs_(caller_runs) {}

LocalExecutor::~LocalExecutor() = default;

WorkDone LocalExecutor::execute(const Work& work, const engine::StopFlag* stop) {
  WorkDone done;
  const std::vector<RunTicket>& tickets = work.tickets;
  const std::size_t n = tickets.size();
  if (n == 0) return done;

  retiring_.reset();  // the previous call's workers, joined
  std::set<PointId> prepared;
  const unsigned threads = static_cast<unsigned>(std::min<std::size_t>(workers_, n));
  // As many workers as CPUs: the calling thread is one of them (the banner).
  const bool caller_runs = caller_runs_ == CallerRuns::always ||
                           (caller_runs_ == CallerRuns::automatic && threads > 1 && threads >= engine::usable_cpus());
  auto pool = std::make_unique<WorkerPool>(threads - (caller_runs ? 1 : 0), std::min(window_, n));
  Shared& s = pool->s;

  const auto wanted = [&](const RunTicket& t) { return !work.wanted || work.wanted(t); };
  const auto stop_asked = [&] { return stop && stop->requested(); };
  std::size_t next_in = 0;   // the next ticket to enter the window
  std::size_t next_out = 0;  // the next ticket to consume
  bool stopping = false;
  bool started = false;  // work.started called
  // The calling thread sleeps until this many of the window's oldest
  // tickets have finished, then consumes them in one go.
  const std::size_t batch =
      std::max<std::size_t>(1, std::min<std::size_t>(kBatchPerWorker * threads, s.slots.size() / 2));
  std::vector<std::optional<RunOutcome>> taken;  // finished outcomes, ticket order (empty: skipped)
  std::vector<unsigned> taken_from;              // the worker that made each (kNoWorker: none)
  taken.reserve(s.slots.size());
  taken_from.reserve(s.slots.size());

  // Consumes the outcome taken from the slot of ticket `next_out`, if its
  // point still wants it.
  const auto hand_over = [&](std::optional<RunOutcome>& outcome) {
    if (outcome && wanted(tickets[next_out])) {
      work.consume(std::move(*outcome));
      ++done.consumed;
    }
    ++next_out;
  };

  // Tickets below `next_free` have left their slots (taken, or being
  // consumed); the window reaches `slots.size()` tickets past it.
  std::size_t next_free = 0;
  std::vector<Slot> entering;  // decided outside the lock, published under it at once
  entering.reserve(s.slots.size());
  // Fills the window: decides each entering ticket on this thread.
  const auto fill = [&] {
    if (stop_asked()) stopping = true;
    const std::size_t first = next_in;
    while (!stopping && next_in < n && next_in < next_free + s.slots.size()) {
      const RunTicket& t = tickets[next_in];
      Slot& slot = entering.emplace_back();
      if (!wanted(t)) {
        slot.state = SlotState::skipped;
      } else if (std::optional<RunOutcome> k = work.known ? work.known(t) : std::nullopt) {
        slot.outcome = std::move(k);
        slot.state = SlotState::done;
      } else {
        if (prepared.insert(t.point).second) runs_.prepare(t.point);
        slot.state = SlotState::queued;
      }
      ++next_in;
    }
    if (entering.empty()) return;
    std::size_t waiting = 0;
    {
      std::lock_guard lock(s.mutex);
      for (std::size_t k = 0; k < entering.size(); ++k) {
        const std::size_t i = first + k;
        if (entering[k].state == SlotState::queued) s.queue.push_back(i);
        s.slots[i % s.slots.size()] = std::move(entering[k]);
      }
      waiting = std::min(s.idle, s.queue.size());
    }
    entering.clear();
    // Only a waiting worker needs a signal (a system call when one waits).
    for (std::size_t k = 0; k < waiting; ++k) s.work_ready.notify_one();
  };

  bool workers_started = false;
  while (next_out < n) {
    fill();
    if (!workers_started) {
      // After the first tickets are in: the workers take them as they begin.
      pool->start(runs_, tickets);
      workers_started = true;
    }

    if (!started && !stopping) {
      // The workers have their first tickets: the calling thread's own
      // preparations overlap them.
      started = true;
      if (work.started) work.started();
    }

    if (stopping) {
      // Nothing more is handed out; the runs in progress finish, then the
      // unbroken prefix of finished tickets is consumed.
      std::unique_lock lock(s.mutex);
      for (const std::size_t i : s.queue) s.slots[i % s.slots.size()].state = SlotState::empty;
      s.queue.clear();
      s.draining = true;
      s.slot_done.wait(lock, [&] { return s.running == 0; });
      if (s.error) std::rethrow_exception(s.error);
      while (next_out < next_in) {
        Slot& slot = s.slots[next_out % s.slots.size()];
        if (slot.state == SlotState::skipped) {
          ++next_out;
          continue;
        }
        if (slot.state != SlotState::done || !slot.outcome->completed) break;
        std::optional<RunOutcome> outcome = std::exchange(slot.outcome, std::nullopt);
        slot.state = SlotState::empty;
        lock.unlock();
        hand_over(outcome);
        lock.lock();
      }
      done.stopped = true;
      break;
    }

    // Wait until the oldest tickets of the window (half of it, or what
    // there is) have finished, looking at the stop flag now and then; then
    // take every finished outcome of the window's front at once.
    std::unique_lock lock(s.mutex);
    const std::size_t last = std::min(next_out + batch, next_in) - 1;
    s.awaited = 0;
    for (std::size_t i = next_out; i <= last; ++i) {
      const SlotState state = s.slots[i % s.slots.size()].state;
      if (state == SlotState::queued || state == SlotState::running) ++s.awaited;
    }
    s.wake_after = last;
    while (caller_runs && s.awaited > 0 && !s.error && !s.queue.empty() && !stop_asked()) {
      const std::size_t i = take(s, kCaller);
      lock.unlock();
      std::optional<RunOutcome> outcome;
      std::exception_ptr error;
      run_ticket(runs_, tickets[i], outcome, error);
      lock.lock();
      record(s, i, outcome, error);
    }
    if (caller_runs && s.awaited > 0 && !s.error) {
      // Nothing left to run here (the last tickets are out): what is in is
      // taken as soon as the oldest is, not a batch later.
      const SlotState front = s.slots[next_out % s.slots.size()].state;
      s.awaited = front == SlotState::queued || front == SlotState::running ? 1 : 0;
      s.wake_after = next_out;
    }
    if (s.awaited > 0 && !s.error && !stop_asked())
      s.slot_done.wait_for(lock, kStopPoll, [&] { return s.error || s.awaited == 0; });
    s.awaited = 0;  // no wakes until the next wait
    if (s.error) std::rethrow_exception(s.error);
    taken.clear();
    taken_from.clear();
    for (std::size_t i = next_out; i < next_in; ++i) {
      Slot& slot = s.slots[i % s.slots.size()];
      if (slot.state == SlotState::skipped) {
        taken.emplace_back();
        taken_from.push_back(kNoWorker);
      } else if (slot.state == SlotState::done && slot.outcome->completed) {
        taken.push_back(std::exchange(slot.outcome, std::nullopt));
        taken_from.push_back(slot.worker);
      } else {
        // A run that did not reach its horizon was stopped: the sweep stops.
        if (slot.state == SlotState::done) stopping = true;
        break;
      }
      slot.state = SlotState::empty;
      slot.worker = kNoWorker;
    }
    next_free = next_out + taken.size();
    lock.unlock();
    // The freed slots get their next tickets before the outcomes are
    // consumed (which may commit the database): the workers are never
    // left waiting on the consumer. A ticket found unwanted by these
    // outcomes is dropped when its turn comes.
    fill();
    for (std::optional<RunOutcome>& outcome : taken) hand_over(outcome);
    // The consumed outcomes go back to the workers that made them, to be
    // destroyed there; known ones and the calling thread's are destroyed here.
    lock.lock();
    for (std::size_t k = 0; k < taken.size(); ++k) {
      if (taken[k] && taken_from[k] < s.spent.size()) s.spent[taken_from[k]].push_back(std::move(*taken[k]));
    }
    lock.unlock();
    taken.clear();
  }

  {
    std::lock_guard lock(s.mutex);
    done.ran = s.ran;
  }
  // Every outcome is consumed: the workers end while the caller goes on
  // (a thread's exit takes a few hundred microseconds); they are joined by
  // the next execute() or the destructor.
  pool->stop();
  retiring_ = std::move(pool);
  return done;
}

}  // namespace drill::sweep
