#include "app/interrupt.hpp"

#include <atomic>
#include <csignal>

namespace drill::app {
namespace {

// Touched by the handler: a lock-free atomic store each, nothing else.
engine::StopFlag g_stop;
std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

struct sigaction g_previous_int;
struct sigaction g_previous_term;

extern "C" void on_stop_signal(int signal) {
  g_signal.store(signal, std::memory_order_relaxed);
  g_stop.request();
}

}  // namespace

StopOnSignal::StopOnSignal() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND | SA_RESTART;  // a second signal takes the default action
  ::sigaction(SIGINT, &sa, &g_previous_int);
  ::sigaction(SIGTERM, &sa, &g_previous_term);
}

StopOnSignal::~StopOnSignal() {
  // The command is about to return an exit code that says what it
  // committed; a signal landing from here on, with the default action back,
  // would kill the process and replace that code. Held pending instead.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  ::sigprocmask(SIG_BLOCK, &stop_signals, nullptr);
  ::sigaction(SIGINT, &g_previous_int, nullptr);
  ::sigaction(SIGTERM, &g_previous_term, nullptr);
}

const engine::StopFlag& StopOnSignal::flag() const noexcept { return g_stop; }
int StopOnSignal::signal() const noexcept { return g_signal.load(std::memory_order_relaxed); }

const char* signal_name(int signal) noexcept {
  switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "a signal";
  }
}

}  // namespace drill::app
