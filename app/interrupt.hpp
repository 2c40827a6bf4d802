// Ctrl-C during a run: while a `StopOnSignal` lives, the first SIGINT or
// SIGTERM asks the run to stop at its next slice boundary (engine::StopFlag),
// so the results so far are written and committed as a whole set whose
// manifest says `stopped`; a second signal ends the process at once (the
// handlers reset themselves to the default action). The destructor blocks
// SIGINT and SIGTERM (a signal after it stays pending: the exit code the
// command returns next must say what it committed, not be replaced by a
// kill) and puts back the handlers that were there before. So it lives
// until the command returns, and nothing after it waits on the user.
#pragma once

#include "engine/stop_flag.hpp"

namespace drill::app {

class StopOnSignal {
 public:
  StopOnSignal();
  ~StopOnSignal();
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

  const engine::StopFlag& flag() const noexcept;
  /// The signal that asked for the stop (SIGINT or SIGTERM), or 0.
  int signal() const noexcept;
};

/// "SIGINT", "SIGTERM".
const char* signal_name(int signal) noexcept;

}  // namespace drill::app
