// The simulation: one clock, one pending-event set, one fingerprint, the
// processes and the random streams of a run.
//
// A `Simulation` is an ordinary object; a program may hold many (a sweep, a
// test, one per thread). Nothing of a run is global (the one table shared
// by all simulations numbers the types of event actions: code, not state;
// see event_pool.hpp).
//
// Events run in the total order (time, priority, insertion sequence). An
// event's action is any callable `void()`, or `void(EventTag)` to be handed
// the event's tag: an action for one of many entities can then capture only
// its object and read the entity from the tag (`[this](EventTag t) {
// on_arrival(t.entity); }`). One whose state fits in 8 bytes and is
// trivially copyable (a lambda capturing one pointer, a coroutine handle)
// lives inside the event's node, so scheduling it allocates nothing once the
// event pool and the pending set have grown to the run's peak. Larger actions
// are boxed on the heap. Cancelling is O(1): it destroys the action and bumps
// the node's generation, leaving a stale key that the set discards when it
// reaches the head; only then is the node reused, so a node belongs to at most
// one key in the set and keys need no generation of their own.
//
// Costs per pending callback event: one 40-byte node in the event pool (key,
// payload, generation, link; see event_pool.hpp), plus what the structure
// adds (4 bytes a bucket in the calendar queue, a 16-byte key in a heap).
//
// The step API (`next_time`, `step`, `run_until`, `run`, `stop`) lets a CLI,
// a live server or a real-time pacer drive the kernel; the kernel knows none
// of them.
#pragma once

#include <coroutine>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/event.hpp"
#include "core/fingerprint.hpp"
#include "core/observer.hpp"
#include "core/pending_set.hpp"
#include "core/random.hpp"
#include "core/time.hpp"

namespace drill::core {

class Simulation;

namespace detail {
struct ProcessState;
}

/// Refers to a spawned process; stale once the process has finished.
struct ProcessRef {
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;  // 0 is never issued
  constexpr bool valid() const noexcept { return generation != 0; }
  friend constexpr bool operator==(ProcessRef, ProcessRef) = default;
};

class Process;

struct SimulationOptions {
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  QueueKind queue = QueueKind::calendar_queue;
};

class Simulation {
 public:
  explicit Simulation(SimulationOptions options = {});
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  SimTime now() const noexcept { return now_; }
  const SimulationOptions& options() const noexcept { return options_; }

  // ---- callback events -------------------------------------------------
  template <class F>
  EventHandle schedule_at(SimTime when, F&& action, EventTag tag = {}, Priority priority = kDefaultPriority);
  template <class F>
  EventHandle schedule(Duration delay, F&& action, EventTag tag = {}, Priority priority = kDefaultPriority) {
    return schedule_at(now_ + delay, std::forward<F>(action), tag, priority);
  }
  /// Cancels a pending event. Returns false if it already ran or was cancelled.
  bool cancel(EventHandle handle) noexcept;
  bool is_pending(EventHandle handle) const noexcept;

  // ---- driving the clock -------------------------------------------------
  /// Time of the next event, or `SimTime::max()` when none is pending.
  SimTime next_time() noexcept;
  /// Runs the next event. Returns false when nothing is pending.
  bool step();
  /// Runs every event with time <= `until`, then advances the clock to
  /// `until` (if it is later than now). Returns the number of events run.
  /// Stops early, with the clock at the last event, after `stop()`.
  std::uint64_t run_until(SimTime until);
  /// As run_until(until), but returns after at most `max_events` events;
  /// the clock advances to `until` only when every event up to it has run.
  /// What a caller that must notice a request between events uses (a stop
  /// from another thread, checked every so many events).
  std::uint64_t run_until(SimTime until, std::uint64_t max_events);
  /// Runs until nothing is pending or `stop()` is called.
  std::uint64_t run() { return run_until(SimTime::max()); }
  /// Makes the current `run`/`run_until` return after the event in progress.
  void stop() noexcept { stop_requested_ = true; }

  std::size_t pending_count() const noexcept { return live_events_; }
  std::uint64_t events_executed() const noexcept { return executed_; }
  const Fingerprint& fingerprint() const noexcept { return fingerprint_; }

  /// Renumbers the insertion sequences of pending events to 0..n-1, keeping
  /// their order. Runs by itself before the key's sequence field would
  /// overflow (every 2^30 insertions); public so tests can force it. The
  /// sequence observers see stays the true insertion count for events
  /// scheduled afterwards; events pending across a renumbering report their
  /// rank instead.
  void compact_sequences();

  // ---- observers ---------------------------------------------------------
  /// Observers are not owned and must outlive the simulation or be removed.
  void add_observer(EventObserver* observer);
  void remove_observer(EventObserver* observer);

  // ---- randomness --------------------------------------------------------
  /// The stream named `name` of this run: derived from (seed, replication,
  /// name), independent of every other stream and of the order of calls.
  RandomStream stream(std::string_view name) const noexcept {
    return RandomStream::derive(options_.seed, options_.replication, name);
  }

  // ---- processes ---------------------------------------------------------
  /// Starts a coroutine process at the current time (after events already
  /// scheduled for now). `entity` tags its events in the fingerprint.
  ProcessRef spawn(Process process, std::uint32_t entity = 0);
  bool is_alive(ProcessRef ref) const noexcept;
  /// Delivers an interrupt: the process's current wait is abandoned and the
  /// awaiting expression throws `Interrupted{cause}` at the current time.
  /// Returns false if the process has finished.
  bool interrupt(ProcessRef ref, std::uint32_t cause);
  std::size_t live_processes() const noexcept { return live_processes_; }

  /// Awaitable: suspends the calling process for `d`.
  struct DelayAwaiter;
  DelayAwaiter delay(Duration d) noexcept;
  /// Awaitable: suspends the calling process until `ref` finishes (at once if
  /// it has already finished).
  struct JoinAwaiter;
  JoinAwaiter join(ProcessRef ref) noexcept;

  /// Destroys every suspended process. Resources and other components call it
  /// from their destructors, so that frames holding references to them are
  /// gone before they are; after it, no process remains.
  void kill_processes() noexcept;
  bool tearing_down() const noexcept { return tearing_down_; }

  // ---- kernel internals used by processes and resources -----------------
  /// Schedules a resumption of a suspended coroutine; allocation-free.
  EventHandle schedule_resume(std::coroutine_handle<> h, EventTag tag, Priority priority = kDefaultPriority,
                              Duration delay = Duration::zero());
  detail::ProcessState* process_state(ProcessRef ref) const noexcept;
  void on_process_finished(detail::ProcessState& state) noexcept;

 private:
  static constexpr std::size_t kInlineBytes = EventPayload::kInlineBytes;

  template <class F>
  static void run_action(F& f, EventTag tag) {
    if constexpr (std::is_invocable_v<F&, EventTag>) {
      f(tag);
    } else {
      f();
    }
  }
  template <class F>
  static void inline_op(PayloadAction a, void* storage, EventTag tag) {
    F* f = std::launder(reinterpret_cast<F*>(storage));
    if (a == PayloadAction::invoke) run_action(*f, tag);
  }
  template <class F>
  static void boxed_op(PayloadAction a, void* storage, EventTag tag) {
    F* f = nullptr;
    std::memcpy(&f, storage, sizeof f);
    std::unique_ptr<F> owner(f);  // freed after the call, even if it throws
    if (a == PayloadAction::invoke) run_action(*f, tag);
  }
  static void destroy_action(EventNode& n) noexcept {
    OperationTable::at(n.operation())(PayloadAction::destroy, n.payload.storage, n.payload.tag);
  }

  /// Takes a node and sets its key and operation; the caller fills the
  /// payload, then calls `enqueue`.
  std::uint32_t new_event(SimTime when, Priority priority, std::uint32_t operation);
  EventHandle enqueue(std::uint32_t node);
  /// Pops cancelled keys; returns false when nothing is pending. The
  /// template works on the concrete structure, for loops specialised per kind.
  bool head_ready() noexcept;
  template <class Q>
  bool head_ready(Q& q) noexcept;
  void run_event(const EventKey& key);

  struct ProcessEntry {
    std::coroutine_handle<> frame;
    detail::ProcessState* state = nullptr;
    std::uint32_t generation = 1;
  };

  SimulationOptions options_;
  SimTime now_ = SimTime::zero();
  PendingSet queue_;
  std::uint64_t next_sequence_ = 0;          // the key's sequence field, < 2^30
  std::uint64_t sequence_base_ = 0;          // added to it for observers
  std::uint64_t executed_ = 0;
  std::size_t live_events_ = 0;
  Fingerprint fingerprint_;
  std::vector<EventObserver*> observers_;
  std::exception_ptr pending_error_;
  bool stop_requested_ = false;
  bool tearing_down_ = false;

  std::vector<ProcessEntry> processes_;
  std::vector<std::uint32_t> free_process_slots_;
  std::size_t live_processes_ = 0;

  friend class Process;
};

template <class F>
EventHandle Simulation::schedule_at(SimTime when, F&& action, EventTag tag, Priority priority) {
  using Fn = std::decay_t<F>;
  static_assert(std::is_invocable_r_v<void, Fn&> || std::is_invocable_r_v<void, Fn&, EventTag>,
                "an event action is a callable taking no arguments or the event's tag");
  if constexpr (sizeof(Fn) <= kInlineBytes && alignof(Fn) <= 8 && std::is_trivially_copyable_v<Fn> &&
                std::is_trivially_destructible_v<Fn>) {
    // Copying a trivially copyable action cannot throw.
    const std::uint32_t node = new_event(when, priority, OperationTable::number<&inline_op<Fn>>());
    EventPayload& p = queue_.node(node).payload;
    p.tag = tag;
    ::new (static_cast<void*>(p.storage)) Fn(std::forward<F>(action));
    return enqueue(node);
  } else {
    auto boxed = std::make_unique<Fn>(std::forward<F>(action));
    const std::uint32_t node = new_event(when, priority, OperationTable::number<&boxed_op<Fn>>());
    EventPayload& p = queue_.node(node).payload;
    p.tag = tag;
    Fn* owned = boxed.release();
    std::memcpy(p.storage, &owned, sizeof owned);
    return enqueue(node);
  }
}

}  // namespace drill::core
