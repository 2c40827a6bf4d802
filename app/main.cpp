// drillsim: entry point. Parses the command line and dispatches to one
// subcommand; every error is reported here with a non-zero exit code.
#include <malloc.h>

#include <CLI/CLI.hpp>

#include <csignal>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/version.hpp"
#include "bench/cli.hpp"

int main(int argc, char** argv) {
  using namespace drill::app;
  // A closed stdout (`drillsim run ... | head -1`) must not kill the process
  // before it has reported: writes fail with EPIPE and are reported instead.
  std::signal(SIGPIPE, SIG_IGN);
  // Past a file size limit (`ulimit -f`) a write must fail with EFBIG, to be
  // reported as exit 73 with the staging folder removed, not kill the process.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"drillsim: discrete-event simulation of the logistics of joint naval/air exercises"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("drillsim ") + kVersion + " (git " + kGitRevision + ")");

  const std::vector<Command> commands = {
      add_run_command(app, std::vector<std::string>(argv, argv + argc)),
      add_sweep_command(app, std::vector<std::string>(argv, argv + argc)),
      add_validate_command(app),
      add_verify_command(app),
      add_demo_command(app),
      [&app] {
        const drill::bench::BenchSubcommand b = drill::bench::add_bench_subcommand(app);
        return Command{b.sub, b.run};
      }(),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (!commands.back().sub->parsed()) {
    // Large blocks (the report's rows and texts, grown by doubling) from
    // the heap, and freed memory kept for the next ones, rather than a
    // fresh mapping for each block and the heap trimmed after each free:
    // every first touch of a page is a page fault, and on virtual machines
    // a dear one. The large drill's single run with its report spends
    // about a tenth less time on its run thread this way; the memory is
    // the same at its peak, only given back when the process ends. The
    // event core's stress tool (`bench`, the last command) keeps glibc's
    // defaults, which its bare-heap baselines are measured with.
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
  }
  try {
    for (const Command& c : commands)
      if (c.sub->parsed()) return c.run();
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
