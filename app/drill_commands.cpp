// `drillsim validate FILE` and `drillsim run FILE`: the drill file through
// the loader, and a validated drill through the models to results.
//
// Exit codes: 0 valid / ran; 65 the drill is invalid (every error printed,
// nothing written); 66 the file is missing; 73 the results could not be
// written (nothing left that looks complete); 1 any other failure.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "app/commands.hpp"
#include "app/version.hpp"
#include "core/simulation.hpp"
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
  std::uint64_t replication = 0;
  std::string until;
  std::string out;
  bool quiet = false;
};

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
  const std::uint64_t seed = o.seed.value_or(spec->drill.seed);
  core::Simulation sim(core::SimulationOptions{.seed = seed, .replication = o.replication});
  auto model = std::make_unique<models::DrillModel>(sim, *spec);

  // Run a simulated day at a time, reporting progress when a run is long.
  auto last_report = wall_start;
  while (sim.now() < horizon) {
    sim.run_until(std::min(horizon, sim.now() + core::days(1)));
    const auto now = std::chrono::steady_clock::now();
    if (!o.quiet && now - last_report > std::chrono::seconds(2)) {
      std::fprintf(stderr, "drillsim run: %s of %s, %llu events\n", core::format(sim.now()).c_str(),
                   core::format(horizon).c_str(), static_cast<unsigned long long>(sim.events_executed()));
      last_report = now;
    }
  }
  const models::DrillMeasures m = model->measures();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  io::RunInfo info;
  info.drill_name = spec->drill.name;
  info.config_file = o.file;
  info.config_hash = io::file_hash_hex(o.file);
  info.seed = seed;
  info.replication = o.replication;
  info.fingerprint = sim.fingerprint().hex();
  info.events = sim.events_executed();
  info.tool_version = kVersion;
  info.git_revision = kGitRevision;
  info.wall_seconds = wall;

  if (!o.quiet) std::cout << io::summary_text(m, info);
  if (!o.out.empty()) {
    io::ResultSet results(o.out);
    results.add("summary.json", io::summary_json(m, info));
    results.add("manifest.json", io::manifest_json(info, m));
    try {
      results.commit();
    } catch (const std::exception& e) {
      std::cerr << "drillsim run: " << e.what() << "\n";
      return kExitCantCreate;
    }
    if (!o.quiet) std::cout << "results written to " << o.out << "\n";
  }
  return kExitOk;
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
  sub->add_option("--replication", o->replication, "Replication number (selects independent random streams)");
  sub->add_option("--until", o->until, "Stop early at this time, e.g. 36h or 'D+1 06:00'");
  sub->add_option("--out", o->out, "Folder for manifest.json and summary.json");
  sub->add_flag("--quiet,-q", o->quiet, "Print nothing but errors");
  return {sub, [o] { return run_drill(*o); }};
}

}  // namespace drill::app
