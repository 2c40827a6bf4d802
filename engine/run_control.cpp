#include "engine/run_control.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <thread>

namespace drill::engine {

namespace {
using namespace std::chrono_literals;
/// The longest sleep between looks at a pause, a pace change or a stop.
constexpr std::chrono::nanoseconds kNap = 50ms;
/// The wall time a paced slice lasts at most.
constexpr double kPacedSliceSeconds = 0.1;
}  // namespace

std::chrono::nanoseconds SteadyWallClock::now() { return std::chrono::steady_clock::now().time_since_epoch(); }

void SteadyWallClock::sleep_for(std::chrono::nanoseconds span) { std::this_thread::sleep_for(span); }

RunControl::RunControl(WallClock* clock) : clock_(clock ? *clock : steady_) {}

void RunControl::pause() {
  std::lock_guard lock(m_);
  paused_ = true;
}

void RunControl::resume() {
  {
    std::lock_guard lock(m_);
    paused_ = false;
    held_ = false;
  }
  cv_.notify_all();
}

bool RunControl::paused() const {
  std::lock_guard lock(m_);
  return paused_;
}

void RunControl::set_pace(std::optional<double> pace) {
  if (pace && !(std::isfinite(*pace) && *pace > 0.0))
    throw std::invalid_argument("a pace must be a positive number of simulated seconds per wall second");
  {
    std::lock_guard lock(m_);
    pace_ = pace;
    ++pace_version_;
  }
  cv_.notify_all();
}

std::optional<double> RunControl::pace() const {
  std::lock_guard lock(m_);
  return pace_;
}

void RunControl::request_stop() {
  {
    std::lock_guard lock(m_);
    stop_ = true;
  }
  cv_.notify_all();
}

bool RunControl::stop_requested() const {
  std::lock_guard lock(m_);
  return stop_;
}

bool RunControl::wait_until_held() {
  std::unique_lock lock(m_);
  cv_.wait(lock, [&] { return held_ || members_held_ > 0 || ended_; });
  return held_ || members_held_ > 0;
}

bool RunControl::held() const {
  std::lock_guard lock(m_);
  return held_ || members_held_ > 0;
}

void RunControl::member_hold(const StopFlag* stop) {
  std::unique_lock lock(m_);
  if (!paused_ || stopping(stop)) return;
  ++members_held_;
  cv_.notify_all();
  // A StopFlag raised by a signal handler cannot notify: look every nap.
  while (paused_ && !stopping(stop)) cv_.wait_for(lock, kNap);
  --members_held_;
  cv_.notify_all();
}

void RunControl::loop_begin() {
  std::lock_guard lock(m_);
  ended_ = false;
  held_ = false;
  anchored_ = false;
}

void RunControl::loop_end() {
  {
    std::lock_guard lock(m_);
    ended_ = true;
    held_ = false;
  }
  cv_.notify_all();
}

void RunControl::loop_hold(core::SimTime now, const StopFlag* stop) {
  std::unique_lock lock(m_);
  for (;;) {
    if (stopping(stop)) break;
    if (paused_) {
      if (!held_) {
        held_ = true;
        cv_.notify_all();
      }
      // A StopFlag raised by a signal handler cannot notify: look every nap.
      cv_.wait_for(lock, kNap);
      // The pace restarts from where the run was held.
      anchored_ = false;
      continue;
    }
    held_ = false;
    if (!pace_) {
      anchored_ = false;
      break;
    }
    if (!anchored_ || anchored_version_ != pace_version_) {
      anchored_ = true;
      anchored_version_ = pace_version_;
      anchor_sim_ = now;
      anchor_wall_ = clock_.now();
      break;
    }
    const std::chrono::duration<double> wall((now - anchor_sim_).seconds() / *pace_);
    const auto due = anchor_wall_ + std::chrono::duration_cast<std::chrono::nanoseconds>(wall);
    const auto wall_now = clock_.now();
    if (wall_now >= due) break;
    const auto nap = std::min(due - wall_now, kNap);
    lock.unlock();
    clock_.sleep_for(nap);
    lock.lock();
  }
  if (held_) {
    held_ = false;
    cv_.notify_all();
  }
}

core::Duration RunControl::loop_slice(core::Duration base) const {
  std::lock_guard lock(m_);
  if (!pace_) return base;
  const double ticks = *pace_ * kPacedSliceSeconds * static_cast<double>(core::seconds(1).ticks());
  if (ticks >= static_cast<double>(base.ticks())) return base;
  return core::Duration::from_ticks(std::max<std::int64_t>(1, static_cast<std::int64_t>(ticks)));
}

}  // namespace drill::engine
