// drillsim: entry point. Declares every subcommand's flags (the one file
// that includes CLI11, see commands.hpp), parses the command line and runs
// the subcommand; every error is reported here with a non-zero exit code.
#include <CLI/CLI.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdint>
#include <exception>
#include <functional>
#include <iostream>
#include <iterator>
#include <new>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/flag_checks.hpp"
#include "app/version.hpp"
#include "bench/cli.hpp"
#include "bench/runner.hpp"
#include "engine/heap.hpp"
#include "models/scenario/integer_limits.hpp"
#include "sweep/mpi_executor.hpp"

namespace drill::app {
namespace {

namespace lim = models::scenario::limits;

/// A subcommand and what runs it once the command line is parsed.
struct Command {
  CLI::App* sub;
  std::function<int()> run;
};

void add_max_file_size(CLI::App* sub, std::string& target) {
  sub->add_option("--max-file-size", target, "Refuse a drill file larger than this, e.g. 64MiB (default 16MiB)")
      ->check(byte_size());
}

void add_set(CLI::App* sub, std::vector<std::string>& target) {
  sub->add_option("--set", target,
                  "Change a value of the drill before it is checked, e.g. naval.units[name=argyll].class=type45 "
                  "or comms.links[0].bandwidth='64 kbit/s' (repeatable; recorded in the manifest)")
      ->allow_extra_args(false)
      ->check(override_text());
}

Command add_run(CLI::App& app, RunOptions& o) {
  CLI::App* sub = app.add_subcommand("run", "Run a drill headlessly and print (and optionally write) its measures");
  sub->add_option("file", o.file, "Drill file (YAML)")->required();
  sub->add_option("--seed", o.seed, "Master seed (default: the drill's seed)")
      ->check(whole_number(lim::kSeed.min, lim::kSeed.max));
  CLI::Option* one = sub->add_option("--replication", o.replication, "Run only this replication (its own random streams)")
                         ->check(whole_number(0, lim::kReplications.max - 1));
  sub->add_option("--replications", o.replications, "Run replications 0..N-1 (default: the drill's setting)")
      ->check(whole_number(lim::kReplications.min, lim::kReplications.max))
      ->excludes(one);
  sub->add_option("--jobs,-j", o.jobs, "Threads for replications (default: all cores); results do not depend on it")
      ->check(whole_number(0, 1024));
  sub->add_option("--until", o.until, "Stop early at this time, e.g. 36h or 'D+1 06:00'")->check(unsigned_time_text());
  sub->add_option("--out", o.out, "Folder for the result files (replaced as a whole; locked while running)")
      ->check(folder_text());
  sub->add_option("--sample-every", o.sample_every,
                  "Simulated time between the samples of timeseries.csv, e.g. 15min (default: the drill's "
                  "sample_every, else 1h; single runs)")
      ->check(unsigned_time_text());
  sub->add_option("--warm-up", o.warm_up,
                  "Restart the statistics at this time from D+0, e.g. 2d (default: the drill's warm_up, else none)")
      ->check(unsigned_time_text());
  sub->add_flag("--trace", o.trace,
                "Also write events.pb: every unit activity's start and end and every message event (single runs)");
  // Hidden: bench/report_cost.sh measures what the report costs a run.
  sub->add_flag("--no-report", o.no_report, "Leave report.html and the timetable out of the result set")->group("");
  add_max_file_size(sub, o.max_file_size);
  sub->add_option("--max-output", o.max_output,
                  "Refuse to write a result set larger than this, e.g. 16GiB (default 4GiB): a set of "
                  "replications is estimated before it runs, any other stops when it reaches it")
      ->check(byte_size());
  add_set(sub, o.sets);
  sub->add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
  sub->add_option("--serve", o.serve,
                  "Serve the run live over HTTP and WebSocket on [ADDR:]PORT (default address 127.0.0.1; port 0: any "
                  "free port); the URL is printed on stderr")
      ->check(not_empty("an empty value is not an address; give [ADDR:]PORT (e.g. 8080), or leave --serve out"));
  sub->add_flag("--stay", o.stay, "With --serve: keep serving the final state after the run until interrupted");
  sub->add_option("--pace", o.pace,
                  "With --serve: run simulated time at this multiple of wall-clock time, e.g. 600x (default: as fast "
                  "as possible); paces one run: a drill's replication 0, or the one --replication picks, not "
                  "--replications");
  sub->add_option("--token", o.token,
                  "With --serve: every request must carry 'Authorization: Bearer TOKEN' (default: DRILLSIM_TOKEN); "
                  "required for an address beyond loopback; enables POST /api/control")
      ->check(not_empty("an empty value is no token; give 1 to 256 letters, digits or !#$%&'*+-.^_`|~, or leave "
                        "--token out"));
  return {sub, [&o] { return run_drill(o); }};
}

Command add_sweep(CLI::App& app, SweepOptions& o) {
  CLI::App* sub = app.add_subcommand(
      "sweep", "Run a drill over design points (a sweep file): sweep.db, aggregate.csv and a what-if search's answer");
  sub->add_option("file", o.file, "Sweep file (YAML; configs/README.md)")->required();
  sub->add_option("--out", o.out,
                  "Folder for sweep.db, aggregate.csv and the manifest (replaced as a whole; locked while running)")
      ->check(folder_text());
  sub->add_option("--jobs,-j", o.jobs, "Threads for runs (default: all cores); results do not depend on it")
      ->check(whole_number(0, 1024));
  sub->add_flag("--resume", o.resume,
                "Continue the stopped sweep in --out: its stored runs are kept, the rest run; the result equals an "
                "uninterrupted sweep's");
  sub->add_flag("--per-run", o.per_run, "Also write each run's summary.json as runs/pNNNN-rNNNN.summary.json");
  sub->add_option("--max-output", o.max_output,
                  "Refuse to write a result set larger than this, e.g. 16GiB (default 4GiB)")
      ->check(byte_size());
  sub->add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
  // Hidden: stop as SIGINT would once N runs are stored (tests of --resume).
  sub->add_option("--stop-after", o.stop_after, "Stop as an interrupt would after N runs")
      ->check(whole_number(1, UINT64_MAX))
      ->group("");
  return {sub, [&o] { return run_sweep_command(o); }};
}

Command add_validate(CLI::App& app, ValidateOptions& o) {
  CLI::App* sub = app.add_subcommand(
      "validate",
      "Check a drill file (or a sweep file and its design points); report every error with file:line:column");
  sub->add_option("file", o.file, "Drill file, or sweep file (its `drill` names a drill file) (YAML)")->required();
  add_max_file_size(sub, o.max_file_size);
  add_set(sub, o.sets);
  return {sub, [&o] { return validate_file(o); }};
}

Command add_verify(CLI::App& app, std::string& dir) {
  CLI::App* sub = app.add_subcommand("verify", "Check that a result set is complete and unchanged (sizes and SHA-256 "
                                               "of the files its manifest lists)");
  sub->add_option("dir", dir, "Result set folder (a run's --out)")->required();
  return {sub, [&dir] { return verify_folder(dir); }};
}

Command add_demo(CLI::App& app, DemoOptions& o) {
  o.queue = default_queue_name();
  CLI::App* sub = app.add_subcommand("demo", "Run the built-in kernel demo (an airfield exercise, no drill file)");
  sub->add_option("--seed", o.seed, "Master seed")
      ->check(whole_number(lim::kSeed.min, lim::kSeed.max))
      ->capture_default_str();
  sub->add_option("--aircraft", o.aircraft, "Number of aircraft")->check(whole_number(1, 100000))->capture_default_str();
  sub->add_option("--hours", o.hours, "Simulated hours")->check(whole_number(1, 24 * 365))->capture_default_str();
  sub->add_option("--queue", o.queue, "Pending-event set: " + queue_kind_names())->capture_default_str();
  return {sub, [&o] { return run_demo(o); }};
}

Command add_bench(CLI::App& app, bench::BenchFlags& f) {
  CLI::App* sub = app.add_subcommand("bench", "Stress the event kernel and compare it with baselines");
  const std::vector<std::string> names(std::begin(bench::kWorkloads), std::end(bench::kWorkloads));
  sub->add_option("workload", f.workload, "hold, phold, cancel, process, resource, comms or all")
      ->check(CLI::IsMember(names))
      ->capture_default_str();
  sub->add_option("--pending", f.pending, "Pending events (processes for process/resource, nodes for comms)")
      ->check(whole_number(1, 50'000'000));
  sub->add_option("--events", f.events, "Events executed in the timed part (messages for comms)")
      ->check(whole_number(1, 10'000'000'000));
  sub->add_option("--dist", f.dist, "Increments: exponential, uniform, bimodal, triangular, pareto, mixed");
  sub->add_option("--queue", f.queue,
                  "Pending-event set: binary-heap, quaternary-heap, calendar-queue, ladder-queue or all");
  sub->add_option("--seed", f.seed, "Seed")->check(whole_number(0, UINT64_MAX))->capture_default_str();
  sub->add_option("--repeat", f.repeat, "Runs per measurement; the fastest is kept")
      ->check(whole_number(1, 100))
      ->capture_default_str();
  sub->add_flag("--json", f.json, "One JSON object per line instead of a table");
  sub->add_flag("--no-simpy", f.no_simpy, "Skip the SimPy baseline");
  return {sub, [&f] { return bench::run_bench_flags(f); }};
}

/// Descriptors 0-2 closed when the program starts (`drillsim run ... >&-`)
/// would be taken by the first files it opens, the result folder's lock file
/// first, and the printout would go into them. Each closed one is held by
/// /dev/null opened read-only instead: a write to it fails as it would have
/// on the closed descriptor (stdout's is reported as exit 74), and no file
/// gets its number.
void hold_standard_descriptors() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    const int held = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (held >= 0 && held != fd) ::close(held);  // not reached: 0 to fd - 1 are open by now
  }
}

/// kExitOk once what the command printed has reached stdout; otherwise
/// kExitIoError, said on stderr. Commands that print their results check
/// their own writes (print_stdout); this catches the rest (`--version`,
/// `demo`, `bench` into a full disk or a closed descriptor).
int flushed_stdout() {
  std::cout.flush();
  if (std::fflush(stdout) == 0 && !std::ferror(stdout) && std::cout) return kExitOk;
  std::cerr << "drillsim: standard output could not be written; what was printed is incomplete\n";
  return kExitIoError;
}

}  // namespace
}  // namespace drill::app

int main(int argc, char** argv) {
  using namespace drill::app;
  hold_standard_descriptors();
  // A closed stdout (`drillsim run ... | head -1`) must not kill the process
  // before it has reported: writes fail with EPIPE and are reported instead.
  std::signal(SIGPIPE, SIG_IGN);
  // Past a file size limit (`ulimit -f`) a write must fail with EFBIG, to be
  // reported as exit 73 with the staging folder removed, not kill the process.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"drillsim: discrete-event simulation of the logistics of joint naval/air exercises"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("drillsim ") + kVersion + " (git " + kGitRevision + ")");

  const std::vector<std::string> command_line(argv, argv + argc);
  RunOptions run;
  run.command_line = command_line;
  SweepOptions sweep;
  sweep.command_line = command_line;
  ValidateOptions validate;
  std::string verify;
  DemoOptions demo;
  drill::bench::BenchFlags bench;
  const std::vector<Command> commands = {
      add_run(app, run),           add_sweep(app, sweep), add_validate(app, validate),
      add_verify(app, verify),     add_demo(app, demo),   add_bench(app, bench),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Under mpirun every rank parses the same command line: rank 0 says
    // what is wrong (or prints the help), once.
    if (drill::sweep::launched_rank() > 0) return e.get_exit_code() == 0 ? kExitOk : kExitUsage;
    const int code = app.exit(e);
    return code == 0 ? flushed_stdout() : kExitUsage;
  }
  // The heap for a run (engine/heap.hpp); the event core's stress tool (`bench`,
  // the last command) keeps glibc's defaults.
  if (!commands.back().sub->parsed()) drill::engine::tune_heap_for_runs();
  try {
    for (const Command& c : commands) {
      if (!c.sub->parsed()) continue;
      const int code = c.run();
      return code == kExitOk ? flushed_stdout() : code;
    }
  } catch (const std::bad_alloc&) {
    std::cerr << "drillsim: out of memory (an allocation failed); nothing was written. Reduce the drill, "
                 "--replications or --jobs, or allow the process more memory\n";
    return kExitOutOfMemory;
  } catch (const std::exception& e) {
    std::cerr << "drillsim: error: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitUsage;
}
