// The subcommands of `drillsim`: what each takes and what runs it. Their
// flags are declared in one place, main.cpp, the only file that includes
// CLI11 (a header-only library whose every inclusion costs seconds of
// compile time); here each command is a plain struct of options and the
// function that runs it and returns the process exit code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace drill::app {

/// Exit codes (BSD sysexits where one fits).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 64;
inline constexpr int kExitDataError = 65;
inline constexpr int kExitNoInput = 66;
inline constexpr int kExitOutOfMemory = 71;  // EX_OSERR: an allocation failed
inline constexpr int kExitCantCreate = 73;
inline constexpr int kExitIoError = 74;  // standard output could not be written

/// Writes `text` to stdout and flushes; on failure (a closed pipe, a full
/// disk) reports on stderr, naming `what_was_lost`, and returns false.
bool print_stdout(const std::string& text, const char* what_was_lost);

/// `drillsim run FILE`.
struct RunOptions {
  std::string file;
  std::optional<std::uint64_t> seed;
  std::optional<std::uint64_t> replication;
  std::optional<unsigned> replications;
  unsigned jobs = 0;
  std::string until;
  std::string out;
  std::string sample_every;
  std::string warm_up;
  bool trace = false;
  bool no_report = false;
  std::string max_file_size;
  std::string max_output;
  std::vector<std::string> sets;
  bool quiet = false;
  std::string serve;
  bool stay = false;
  std::string pace;
  std::string token;
  std::vector<std::string> command_line;  // goes into the manifest of every result set
};
int run_drill(const RunOptions& o);

/// `drillsim validate FILE`: a drill file, or a sweep file (sweep::is_sweep_file).
struct ValidateOptions {
  std::string file;
  std::string max_file_size;
  std::vector<std::string> sets;
};
int validate_file(const ValidateOptions& o);

/// `drillsim sweep SWEEP.yaml`.
struct SweepOptions {
  std::string file;
  std::string out;
  unsigned jobs = 0;
  bool resume = false;
  bool per_run = false;
  std::string max_output;
  bool quiet = false;
  std::uint64_t stop_after = 0;
  std::vector<std::string> command_line;  // goes into the sweep's manifest
};
int run_sweep_command(const SweepOptions& o);
/// `drillsim validate SWEEP.yaml`: the sweep file and every design point's
/// drill checked as `drillsim sweep` checks them before it runs; exit codes
/// as for a drill.
int validate_sweep(const std::string& file);

/// `drillsim verify DIR`.
int verify_folder(const std::string& dir);

/// `drillsim demo`.
struct DemoOptions {
  std::uint64_t seed = 1;
  int aircraft = 8;
  int hours = 48;
  std::string queue;  // a pending-event structure's name; empty: the kernel's default
};
int run_demo(const DemoOptions& o);
/// The kernel's default pending-event structure, and every one it has
/// ("binary-heap, quaternary-heap, ..."), for the demo's --queue.
std::string default_queue_name();
std::string queue_kind_names();

}  // namespace drill::app
