// The `drillsim bench` subcommand's options as given on the command line
// (declared with the other subcommands' flags in app/main.cpp), turned into
// the stress tool's BenchOptions (runner.hpp) and run.
#pragma once

#include <cstdint>
#include <string>

namespace drill::bench {

struct BenchFlags {
  std::string workload = "all";
  std::uint64_t pending = 0;  // 0: the workload's default
  std::uint64_t events = 0;   // 0: the workload's default
  std::string dist;
  std::string queue;
  std::uint64_t seed = 1;
  int repeat = 3;
  bool json = false;
  bool no_simpy = false;
};

/// Runs the stress tool; returns the exit code (64 for an unknown --dist or
/// --queue).
int run_bench_flags(const BenchFlags& f);

}  // namespace drill::bench
