// `drillsim validate FILE` and `drillsim run FILE`: the drill file through
// the loader, and a validated drill through the models to results (one run,
// or a set of replications spread over threads).
//
// Exit codes: 0 valid / ran; 65 the drill is invalid (every error printed,
// nothing written); 66 the file is missing; 73 the results could not be
// written (nothing left that looks complete); 1 any other failure.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/commands.hpp"
#include "app/version.hpp"
#include "core/simulation.hpp"
#include "io/replications.hpp"
#include "io/result_files.hpp"
#include "io/run_report.hpp"
#include "models/drill_model.hpp"
#include "models/scenario/load_drill.hpp"

namespace drill::app {
namespace {

namespace sc = models::scenario;

/// Loads a drill, printing diagnostics; returns the exit code on failure.
std::optional<sc::DrillSpec> load_or_report(const std::string& file, int& exit_code) {
  sc::LoadResult r = sc::load_drill(file);
  std::cerr << sc::format(r.diagnostics);
  if (r.status == sc::LoadStatus::file_not_found) {
    exit_code = kExitNoInput;
    return std::nullopt;
  }
  if (!r.ok()) {
    std::size_t errors = 0;
    for (const auto& d : r.diagnostics)
      if (d.severity == sc::Severity::error) ++errors;
    std::cerr << file << ": " << errors << (errors == 1 ? " error" : " errors") << "; the drill is not valid\n";
    exit_code = kExitDataError;
    return std::nullopt;
  }
  return std::move(*r.drill);
}

struct RunOptions {
  std::string file;
  std::optional<std::uint64_t> seed;
  std::optional<std::uint64_t> replication;
  std::optional<unsigned> replications;
  unsigned jobs = 0;
  std::string until;
  std::string out;
  bool quiet = false;
};

/// One replication from start to `horizon`. With `progress`, reports on
/// stderr every few seconds of wall time.
io::ReplicationRun simulate(const sc::DrillSpec& spec, std::uint64_t seed, std::uint64_t replication,
                            core::SimTime horizon, bool progress) {
  core::Simulation sim(core::SimulationOptions{.seed = seed, .replication = replication});
  models::DrillModel model(sim, spec);
  auto last_report = std::chrono::steady_clock::now();
  while (sim.now() < horizon) {
    sim.run_until(std::min(horizon, sim.now() + core::days(1)));
    const auto now = std::chrono::steady_clock::now();
    if (progress && now - last_report > std::chrono::seconds(2)) {
      std::fprintf(stderr, "drillsim run: %s of %s, %llu events\n", core::format(sim.now()).c_str(),
                   core::format(horizon).c_str(), static_cast<unsigned long long>(sim.events_executed()));
      last_report = now;
    }
  }
  return io::ReplicationRun{model.measures(), replication, sim.fingerprint().hex(), sim.events_executed()};
}

/// Runs replications 0..n-1 on `jobs` threads. Each replication is
/// independent (its own simulation and random streams) and lands in its own
/// slot, so the result does not depend on the number of threads.
std::vector<io::ReplicationRun> simulate_replications(const sc::DrillSpec& spec, std::uint64_t seed, unsigned n,
                                                      unsigned jobs, core::SimTime horizon) {
  std::vector<io::ReplicationRun> runs(n);
  std::vector<std::exception_ptr> errors(n);
  std::atomic<unsigned> next{0};
  auto worker = [&] {
    for (unsigned r; (r = next.fetch_add(1)) < n;) {
      try {
        runs[r] = simulate(spec, seed, r, horizon, false);
      } catch (...) {
        errors[r] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < std::min(jobs, n); ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  return runs;
}

int write_results(const io::ResultSet& results, const RunOptions& o) {
  try {
    results.commit();
  } catch (const std::exception& e) {
    std::cerr << "drillsim run: " << e.what() << "\n";
    return kExitCantCreate;
  }
  if (!o.quiet) std::cout << "results written to " << o.out << "\n";
  return kExitOk;
}

int run_drill(const RunOptions& o) {
  int code = kExitOk;
  std::optional<sc::DrillSpec> spec = load_or_report(o.file, code);
  if (!spec) return code;

  core::SimTime horizon = core::at(spec->drill.horizon);
  if (!o.until.empty()) {
    const auto t = core::parse_sim_time(o.until);
    if (!t || *t < core::SimTime::zero()) {
      std::cerr << "drillsim run: --until '" << o.until
                << "' is not a time after the start (write e.g. 36h or 'D+1 06:00')\n";
      return kExitUsage;
    }
    horizon = std::min(horizon, *t);
  }

  const auto wall_start = std::chrono::steady_clock::now();
  io::RunInfo info;
  info.drill_name = spec->drill.name;
  info.config_file = o.file;
  info.config_hash = io::file_hash_hex(o.file);
  info.seed = o.seed.value_or(spec->drill.seed);
  info.tool_version = kVersion;
  info.git_revision = kGitRevision;
  auto wall_seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  };

  // One replication, named or the drill's only one.
  const unsigned replications =
      o.replication ? 1u : o.replications.value_or(static_cast<unsigned>(spec->drill.replications));
  if (replications == 1) {
    const io::ReplicationRun run = simulate(*spec, info.seed, o.replication.value_or(0), horizon, !o.quiet);
    info.replication = run.replication;
    info.fingerprint = run.fingerprint;
    info.events = run.events;
    info.wall_seconds = wall_seconds();
    if (!o.quiet) std::cout << io::summary_text(run.measures, info);
    if (o.out.empty()) return kExitOk;
    io::ResultSet results(o.out);
    results.add("summary.json", io::summary_json(run.measures, info));
    results.add("manifest.json", io::manifest_json(info, run.measures));
    return write_results(results, o);
  }

  const unsigned jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  const std::vector<io::ReplicationRun> runs = simulate_replications(*spec, info.seed, replications, jobs, horizon);
  info.fingerprint = io::combined_fingerprint(runs);
  for (const auto& r : runs) info.events += r.events;
  info.wall_seconds = wall_seconds();
  if (!o.quiet) std::cout << io::replications_text(runs, info);
  if (o.out.empty()) return kExitOk;
  io::ResultSet results(o.out);
  std::vector<std::string> files = {"manifest.json", "summary.json"};
  results.add("summary.json", io::replications_json(runs, info));
  for (const auto& r : runs) {
    io::RunInfo one = info;
    one.replication = r.replication;
    one.fingerprint = r.fingerprint;
    one.events = r.events;
    char name[64];
    std::snprintf(name, sizeof name, "replication-%04llu.json", static_cast<unsigned long long>(r.replication));
    results.add(name, io::summary_json(r.measures, one));
    files.emplace_back(name);
  }
  results.add("manifest.json", io::manifest_json(info, runs.front().measures, replications, files));
  return write_results(results, o);
}

}  // namespace

Command add_validate_command(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand("validate", "Check a drill file; report every error with file:line:column");
  sub->add_option("file", *file, "Drill file (YAML)")->required();
  return {sub, [file] {
            int code = kExitOk;
            std::optional<sc::DrillSpec> spec = load_or_report(*file, code);
            if (!spec) return code;
            std::cout << *file << ": valid drill '" << spec->drill.name << "'\n";
            return kExitOk;
          }};
}

Command add_run_command(CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* sub = app.add_subcommand("run", "Run a drill headlessly and print (and optionally write) its measures");
  sub->add_option("file", o->file, "Drill file (YAML)")->required();
  sub->add_option("--seed", o->seed, "Master seed (default: the drill's seed)");
  sub->add_option("--replication", o->replication, "Run only this replication (its own random streams)");
  sub->add_option("--replications", o->replications, "Run replications 0..N-1 (default: the drill's setting)")
      ->check(CLI::Range(1u, 1000000u));
  sub->add_option("--jobs,-j", o->jobs, "Threads for replications (default: all cores); results do not depend on it");
  sub->add_option("--until", o->until, "Stop early at this time, e.g. 36h or 'D+1 06:00'");
  sub->add_option("--out", o->out, "Folder for manifest.json and summary.json");
  sub->add_flag("--quiet,-q", o->quiet, "Print nothing but errors");
  return {sub, [o] { return run_drill(*o); }};
}

}  // namespace drill::app
