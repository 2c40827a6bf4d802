// Progress of a multi-replication run or a sweep on stderr: replications
// (runs) done of the total (or of at most a bound), the rate and the time
// left. On a terminal one line is redrawn in
// place a few times a second; otherwise (a log file, CI) a plain line every
// few seconds. A closing line gives the total and the wall time either way.
// Wall-clock time only decides when to print; it never touches results.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace drill::app {

class Progress {
 public:
  /// `enabled` false prints nothing (--quiet).
  Progress(std::uint64_t total, bool enabled);
  /// Lines that start `who: ` and count `what` ("runs"); `total_is_bound`:
  /// the total is an upper bound (sequential replications stop early), so
  /// the line says "of at most" and the time left is at most what it says.
  Progress(std::uint64_t total, bool enabled, std::string who, std::string what, bool total_is_bound);
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
  std::string who_ = "drillsim run";
  std::string what_ = "replications";
  bool bound_ = false;
};

}  // namespace drill::app
