// Progress of a multi-replication run on stderr: replications done of the
// total, the rate and the time left. On a terminal one line is redrawn in
// place a few times a second; otherwise (a log file, CI) a plain line every
// few seconds. A closing line gives the total and the wall time either way.
// Wall-clock time only decides when to print; it never touches results.
#pragma once

#include <chrono>
#include <cstdint>

namespace drill::app {

class Progress {
 public:
  /// `enabled` false prints nothing (--quiet).
  Progress(std::uint64_t total, bool enabled);
  /// `done` replications have finished (and been written).
  void update(std::uint64_t done);
  /// The closing line.
  void finish();

 private:
  void print(std::uint64_t done, bool final_line);
  using Clock = std::chrono::steady_clock;
  std::uint64_t total_;
  bool enabled_;
  bool terminal_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_ = start_;
  std::uint64_t done_ = 0;
};

}  // namespace drill::app
