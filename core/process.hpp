// Processes: unit behaviour written as a script with C++20 coroutines.
//
//   Process sortie(Simulation& sim, Resource& runway) {
//     auto slot = co_await runway.acquire();
//     co_await sim.delay(minutes(4));
//     slot.release();
//     co_await sim.delay(hours(3));
//   }
//   sim.spawn(sortie(sim, runway), aircraft_id);
//
// A process is suspended only at `co_await`; each resumption is an ordinary
// event in the queue (tag kind::kProcessResume, entity = the process's
// entity), so processes and callback events share one total order. A
// coroutine frame is allocated once per process, never per wait, from the
// thread's frame pool (frame_pool.hpp): once the pool holds blocks of the
// frames' sizes, spawning and finishing processes allocates nothing.
//
// Interrupts: `Simulation::interrupt` abandons the process's current wait
// (cancelling its timer, leaving its queue) and makes the awaiting expression
// throw `Interrupted`. An interrupt raised while the process is running or
// already due to resume is delivered at its next `co_await`. An `Interrupted`
// the process does not catch ends it quietly; any other exception escaping a
// process propagates out of `Simulation::step`.
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <utility>

#include "core/frame_pool.hpp"
#include "core/simulation.hpp"
#include "core/wait_list.hpp"

namespace drill::core {

/// Thrown at the interrupted `co_await`; `cause` is the interrupter's code.
struct Interrupted : std::exception {
  std::uint32_t cause = 0;
  explicit Interrupted(std::uint32_t c) noexcept : cause(c) {}
  const char* what() const noexcept override { return "process interrupted"; }
};

/// Interrupt causes the kernel itself raises; models number theirs from 16.
namespace cause {
inline constexpr std::uint32_t kPreempted = 1;
inline constexpr std::uint32_t kFirstModelCause = 16;
}  // namespace cause

namespace detail {

/// A suspension that an interrupt can abandon.
class Wait {
 public:
  virtual void abandon() noexcept = 0;

 protected:
  ~Wait() = default;
};

struct ProcessState {
  Simulation* sim = nullptr;
  std::coroutine_handle<> handle;
  ProcessRef ref;
  std::uint32_t entity = 0;
  Wait* wait = nullptr;     // set while suspended on something an interrupt can abandon
  EventHandle resume_event;  // the pending resumption, if any
  bool interrupted = false;
  std::uint32_t interrupt_cause = 0;
  std::exception_ptr error;
  WaitList joiners;

  EventTag tag() const noexcept { return {kind::kProcessResume, entity}; }

  /// Schedules this process to resume after `delay`.
  void wake(Priority priority = kDefaultPriority, Duration delay = Duration::zero()) {
    resume_event = sim->schedule_resume(handle, tag(), priority, delay);
  }

  /// Suspension protocol shared by the awaiters: returns false (do not
  /// suspend) when an interrupt is already pending.
  bool begin_wait(Wait* w) noexcept {
    if (interrupted) return false;
    wait = w;
    return true;
  }
  /// Called from `await_resume`; throws a pending interrupt.
  void end_wait() {
    wait = nullptr;
    if (interrupted) {
      interrupted = false;
      throw Interrupted(interrupt_cause);
    }
  }
};

}  // namespace detail

/// The return type of a process coroutine. Move-only; hand it to
/// `Simulation::spawn`, which takes ownership of the frame.
class Process {
 public:
  struct promise_type : detail::ProcessState {
    static void* operator new(std::size_t bytes) { return detail::FramePool::local().allocate(bytes); }
    static void operator delete(void* p, std::size_t bytes) noexcept { detail::FramePool::local().deallocate(p, bytes); }

    Process get_return_object() noexcept {
      return Process(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct FinalAwaiter {
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        promise_type& p = h.promise();
        p.sim->on_process_finished(p);
        h.destroy();
      }
      void await_resume() const noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {
      try {
        throw;
      } catch (const Interrupted&) {
        // An interrupt the process chose not to catch simply ends it.
      } catch (...) {
        error = std::current_exception();
      }
    }
  };

  Process(Process&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Process& operator=(Process&&) = delete;
  Process(const Process&) = delete;
  ~Process() {
    if (handle_) handle_.destroy();  // never spawned
  }

 private:
  friend class Simulation;
  explicit Process(std::coroutine_handle<promise_type> h) noexcept : handle_(h) {}
  std::coroutine_handle<promise_type> release() noexcept { return std::exchange(handle_, {}); }
  std::coroutine_handle<promise_type> handle_;
};

using ProcessHandle = std::coroutine_handle<Process::promise_type>;

struct Simulation::DelayAwaiter final : detail::Wait {
  Simulation* sim;
  Duration duration;
  detail::ProcessState* state = nullptr;

  DelayAwaiter(Simulation* s, Duration d) noexcept : sim(s), duration(d) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(ProcessHandle h) {
    state = &h.promise();
    if (!state->begin_wait(this)) return false;
    state->wake(kDefaultPriority, duration);
    return true;
  }
  void await_resume() { state->end_wait(); }
  void abandon() noexcept override { sim->cancel(state->resume_event); }
};

inline Simulation::DelayAwaiter Simulation::delay(Duration d) noexcept { return DelayAwaiter(this, d); }

struct Simulation::JoinAwaiter final : detail::Wait, WaitLink {
  Simulation* sim;
  ProcessRef target;
  detail::ProcessState* state = nullptr;

  JoinAwaiter(Simulation* s, ProcessRef t) noexcept : sim(s), target(t) {}
  bool await_ready() const noexcept { return !sim->is_alive(target); }
  bool await_suspend(ProcessHandle h) {
    state = &h.promise();
    if (!state->begin_wait(this)) return false;
    sim->process_state(target)->joiners.push_back(this);
    return true;
  }
  void await_resume() {
    if (state) state->end_wait();
  }
  void abandon() noexcept override {
    if (detail::ProcessState* t = sim->process_state(target)) t->joiners.remove(this);
  }
};

inline Simulation::JoinAwaiter Simulation::join(ProcessRef ref) noexcept { return JoinAwaiter(this, ref); }

}  // namespace drill::core
