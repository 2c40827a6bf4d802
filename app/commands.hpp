// The subcommands of `drillsim`. Each registers its flags on the CLI11 app
// and returns the process exit code when run; errors that reach here are
// reported on stderr with a non-zero exit.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
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

/// A registered subcommand and what runs it once the command line is parsed.
struct Command {
  CLI::App* sub;
  std::function<int()> run;
};

Command add_demo_command(CLI::App& app);
Command add_validate_command(CLI::App& app);
Command add_verify_command(CLI::App& app);
/// `command_line` goes into the manifest of every result set.
Command add_run_command(CLI::App& app, std::vector<std::string> command_line);
/// `drillsim sweep`; `command_line` goes into the sweep's manifest.
Command add_sweep_command(CLI::App& app, std::vector<std::string> command_line);
/// Whether `drillsim validate` takes FILE for a sweep file (its name holds
/// `sweep`, as configs/README.md asks of sweep files).
bool is_sweep_file_name(const std::string& file);
/// `drillsim validate SWEEP.yaml`: the sweep file and every design point's
/// drill checked as `drillsim sweep` checks them before it runs; exit codes
/// as for a drill.
int validate_sweep(const std::string& file);

}  // namespace drill::app
