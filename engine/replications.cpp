#include "engine/replications.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "engine/run_threads.hpp"

namespace drill::engine {

namespace {
using namespace std::chrono_literals;
/// How often the calling thread relays a stop to the running replications.
constexpr auto kRelay = 50ms;

/// loop_begin and loop_end of a set's control around the set.
class ControlScope {
 public:
  explicit ControlScope(RunControl* control) : control_(control) {
    if (control_) control_->loop_begin();
  }
  ~ControlScope() {
    if (control_) control_->loop_end();
  }
  ControlScope(const ControlScope&) = delete;
  ControlScope& operator=(const ControlScope&) = delete;

 private:
  RunControl* control_;
};
}  // namespace

unsigned worker_threads(unsigned jobs, std::uint64_t count) {
  const unsigned wanted = jobs ? jobs : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<std::uint64_t>(wanted, std::max<std::uint64_t>(count, 1)));
}

ReplicationsOutcome run_replications(const models::scenario::DrillSpec& spec, const ReplicationPlan& plan,
                                     const std::function<void(RunResult&&)>& consume, const StopFlag* stop,
                                     ReplicationObserver* observer, RunControl* control) {
  const ControlScope scope(control);
  const unsigned threads_wanted = worker_threads(plan.jobs, plan.count);
  const std::uint64_t window = 4ull * threads_wanted;
  std::mutex m;
  std::condition_variable cv;
  std::map<std::uint64_t, RunResult> done;
  // Each running replication's latest boundary not yet told to the observer.
  std::map<std::uint64_t, ReplicationProgress> progress;
  std::exception_ptr error;
  std::uint64_t limit = plan.count;  // replications >= limit will not run (lowered on a stop)
  std::uint64_t next = 0;            // next replication a worker takes
  std::uint64_t awaited = 0;         // next replication handed to `consume`
  bool halt = false;                 // an error, or the consumer has finished

  // Every replication's run watches `any_stop`, raised when the caller's
  // flag or the control asks for a stop (relayed here: a run sees one flag).
  StopFlag any_stop;
  auto stop_requested = [&] {
    if ((stop && stop->requested()) || (control && control->stop_requested())) any_stop.request();
    return any_stop.requested();
  };
  // Under the lock: after a stop, no replication not yet taken starts.
  auto close_if_stopped = [&] {
    if (stop_requested() && limit > next) limit = next;
  };
  auto worker = [&](unsigned) {
    for (;;) {
      if (control) control->member_hold(&any_stop);
      std::uint64_t r;
      {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return halt || next >= limit || next < awaited + window; });
        close_if_stopped();
        if (halt || next >= limit) {
          cv.notify_all();
          return;
        }
        r = next++;
      }
      try {
        const bool detailed = plan.detail && plan.detail->replication == r;
        const RunSettings s{.seed = plan.seed, .replication = r, .horizon = plan.horizon, .slice = plan.slice,
                            .sample_every = detailed ? std::optional(plan.detail->sample_every) : std::nullopt,
                            .warm_up = plan.warm_up};
        // Workers only post their progress; the calling thread tells it.
        ObserverFunction post([&](const SliceBoundary& b) {
          {
            std::lock_guard lock(m);
            progress[r] = ReplicationProgress{r, b.now(), b.horizon(), b.events()};
          }
          cv.notify_all();
        });
        ObserverFunction hold([&](const SliceBoundary&) {
          if (control) control->member_hold(&any_stop);
          stop_requested();
        });
        RunHooks hooks;
        hooks.stop = &any_stop;
        if (observer) hooks.observers.push_back(&post);
        if (control) hooks.observers.push_back(&hold);
        if (detailed) {
          hooks.observers.insert(hooks.observers.end(), plan.detail->observers.begin(), plan.detail->observers.end());
          hooks.activity_listeners = plan.detail->activity_listeners;
        }
        RunResult result = run(spec, s, hooks);
        keep_apart();
        std::lock_guard lock(m);
        done.emplace(r, std::move(result));
      } catch (...) {
        std::lock_guard lock(m);
        if (!error) error = std::current_exception();
        halt = true;
      }
      cv.notify_all();
    }
  };

  std::vector<std::thread> threads;
  auto halt_and_join = [&] {
    {
      std::lock_guard lock(m);
      halt = true;
    }
    cv.notify_all();
    for (auto& t : threads) t.join();
    threads.clear();
  };
  try {
    threads = start_run_threads(threads_wanted, worker);
    std::vector<ReplicationProgress> told;
    for (;;) {
      std::optional<RunResult> result;
      {
        std::unique_lock lock(m);
        // Woken at least every kRelay to pass a stop raised by a signal
        // handler (which cannot notify) on to the runs.
        while (!cv.wait_for(lock, kRelay, [&] {
          close_if_stopped();
          return error || awaited >= limit || done.count(awaited) || !progress.empty();
        })) {
        }
        if (!progress.empty()) {
          // Outside the lock: the observer may take its time.
          told.clear();
          for (const auto& [r, p] : progress) told.push_back(p);
          progress.clear();
          lock.unlock();
          for (const ReplicationProgress& p : told) observer->on_progress(p);
          continue;
        }
        if (error || awaited >= limit) break;
        auto it = done.find(awaited);
        result.emplace(std::move(it->second));
        done.erase(it);
        // A replication cut short by the stop is not a replication: it and
        // every later one are dropped.
        if (result->status != RunStatus::completed) {
          limit = awaited;
          break;
        }
        ++awaited;
      }
      cv.notify_all();
      if (observer) {
        const RunResult copy = *result;
        consume(std::move(*result));
        observer->on_replication(copy, awaited);
      } else {
        consume(std::move(*result));
      }
    }
  } catch (...) {
    halt_and_join();
    throw;
  }
  halt_and_join();
  if (error) std::rethrow_exception(error);
  return ReplicationsOutcome{awaited, awaited < plan.count ? RunStatus::stopped : RunStatus::completed};
}

}  // namespace drill::engine
