// The `drillsim bench` subcommand's flags. The executable registers it like
// any other subcommand; the work is done by run_bench (runner.hpp).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace drill::bench {

struct BenchSubcommand {
  CLI::App* sub;
  std::function<int()> run;  // returns the exit code
};

BenchSubcommand add_bench_subcommand(CLI::App& app);

}  // namespace drill::bench
