// `drillsim validate FILE` and `drillsim run FILE`: the drill file through
// the loader, and a validated drill through the models to results (one run,
// or a set of replications spread over threads).
//
// Exit codes: 0 valid / ran; 64 a bad command line; 65 the drill is invalid
// or too large (errors printed, nothing written); 66 the file is missing;
// 71 out of memory; 73 the results could not be written or --out is in use
// by another run (the folder is left as it was); 74 the results were
// written but printing them failed (e.g. stdout closed); 1 any other failure.
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/commands.hpp"
#include "app/progress.hpp"
#include "app/version.hpp"
#include "app/whole_number_option.hpp"
#include "core/simulation.hpp"
#include "io/replications.hpp"
#include "io/result_files.hpp"
#include "io/run_report.hpp"
#include "models/drill_model.hpp"
#include "models/scenario/integer_limits.hpp"
#include "models/scenario/load_drill.hpp"

namespace drill::app {

bool print_stdout(const std::string& text, const char* what_was_lost) {
  errno = 0;
  const bool ok = std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0;
  if (ok) return true;
  const int err = errno;
  std::fprintf(stderr, "drillsim: cannot write to standard output (%s): %s\n",
               err ? std::error_code(err, std::generic_category()).message().c_str() : "write failed", what_was_lost);
  return false;
}

namespace {

namespace sc = models::scenario;

/// Diagnostics printed before the rest are only counted.
constexpr std::size_t kMaxDiagnosticsPrinted = 100;

/// A size in bytes: digits with an optional KiB, MiB or GiB; nullopt if the
/// text is not one or does not fit 64 bits.
std::optional<std::uint64_t> parse_byte_size(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const std::string unit = text.substr(digits);
  const int shift = unit == "KiB" ? 10 : unit == "MiB" ? 20 : unit == "GiB" ? 30 : unit.empty() ? 0 : -1;
  std::uint64_t v = 0;
  const std::errc ec = std::from_chars(text.data(), text.data() + digits, v).ec;
  if (digits == 0 || shift < 0 || ec != std::errc{} || v > (std::numeric_limits<std::uint64_t>::max() >> shift))
    return std::nullopt;
  return v << shift;
}

CLI::Validator byte_size() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (parse_byte_size(text)) return {};
        return "'" + text + "' is not a size such as 64MiB (digits, then nothing, KiB, MiB or GiB)";
      },
      "SIZE", "BYTE_SIZE");
}

/// Loads a drill, printing diagnostics (the first kMaxDiagnosticsPrinted,
/// then a count); returns the exit code on failure.
std::optional<sc::DrillSpec> load_or_report(const std::string& file, const std::string& max_size, int& exit_code) {
  sc::LoadOptions options;
  if (!max_size.empty()) options.max_file_bytes = parse_byte_size(max_size).value();  // checked by byte_size()
  sc::LoadResult r = sc::load_drill(file, options);
  std::size_t errors = 0;
  for (const auto& d : r.diagnostics)
    if (d.severity == sc::Severity::error) ++errors;
  const std::size_t shown = std::min(r.diagnostics.size(), kMaxDiagnosticsPrinted);
  std::cerr << sc::format(std::vector<sc::Diagnostic>(r.diagnostics.begin(), r.diagnostics.begin() + static_cast<std::ptrdiff_t>(shown)));
  if (shown < r.diagnostics.size())
    std::cerr << file << ": " << r.diagnostics.size() - shown << " more diagnostics not shown ("
              << r.diagnostics.size() << " in all)\n";
  if (r.status == sc::LoadStatus::file_not_found) {
    exit_code = kExitNoInput;
    return std::nullopt;
  }
  if (!r.ok()) {
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
  std::string max_file_size;
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

std::string replication_file_name(std::uint64_t replication) {
  char name[64];
  std::snprintf(name, sizeof name, "replication-%04llu.json", static_cast<unsigned long long>(replication));
  return name;
}

/// Runs replications 0..n-1 on `jobs` worker threads and hands each to
/// `consume` in replication order on the calling thread, as soon as it and
/// every earlier one are done. Workers run at most a window of replications
/// ahead of the one awaited, so memory stays bounded by the window, not n;
/// each replication has its own simulation and random streams, so results
/// do not depend on `jobs`. An exception in a worker or in `consume` stops
/// the workers and is rethrown here.
template <class Consume>
void simulate_replications(const sc::DrillSpec& spec, std::uint64_t seed, std::uint64_t n, unsigned jobs,
                           core::SimTime horizon, Consume consume) {
  const std::uint64_t window = 4ull * jobs;
  std::mutex m;
  std::condition_variable cv;
  std::map<std::uint64_t, io::ReplicationRun> done;
  std::exception_ptr error;
  std::uint64_t next = 0;      // next replication a worker takes
  std::uint64_t awaited = 0;   // next replication handed to `consume`
  bool stop = false;

  auto worker = [&] {
    for (;;) {
      std::uint64_t r;
      {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return stop || next >= n || next < awaited + window; });
        if (stop || next >= n) return;
        r = next++;
      }
      try {
        io::ReplicationRun run = simulate(spec, seed, r, horizon, false);
        std::lock_guard lock(m);
        done.emplace(r, std::move(run));
      } catch (...) {
        std::lock_guard lock(m);
        if (!error) error = std::current_exception();
        stop = true;
      }
      cv.notify_all();
    }
  };
  std::vector<std::thread> threads;
  auto stop_and_join = [&] {
    {
      std::lock_guard lock(m);
      stop = true;
    }
    cv.notify_all();
    for (auto& t : threads) t.join();
    threads.clear();
  };
  try {
    const std::uint64_t threads_wanted = std::min<std::uint64_t>(std::max(1u, jobs), n);
    for (std::uint64_t t = 0; t < threads_wanted; ++t) threads.emplace_back(worker);
    for (; awaited < n; ) {
      io::ReplicationRun run;
      {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return error || done.count(awaited); });
        if (error) break;
        auto it = done.find(awaited);
        run = std::move(it->second);
        done.erase(it);
        ++awaited;
      }
      cv.notify_all();
      consume(run);
    }
  } catch (...) {
    stop_and_join();
    throw;
  }
  stop_and_join();
  if (error) std::rethrow_exception(error);
}

/// Opens --out before anything is simulated; nullopt after reporting why not.
std::unique_ptr<io::ResultFolder> open_out(const RunOptions& o, int& exit_code) {
  if (o.out.empty()) return nullptr;
  try {
    return std::make_unique<io::ResultFolder>(o.out);
  } catch (const io::ResultError& e) {
    std::cerr << "drillsim run: " << e.what() << "\n";
    exit_code = kExitCantCreate;
    return nullptr;
  }
}

int run_drill(const RunOptions& o) {
  int code = kExitOk;
  std::optional<sc::DrillSpec> spec = load_or_report(o.file, o.max_file_size, code);
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

  std::unique_ptr<io::ResultFolder> out = open_out(o, code);
  if (code != kExitOk) return code;

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
  // Results first: they are on disk before anything is printed, so a closed
  // stdout loses only the printout.
  auto commit = [&] {
    try {
      out->commit();
      return true;
    } catch (const io::ResultError& e) {
      std::cerr << "drillsim run: " << e.what() << "\n";
      return false;
    }
  };
  const std::string lost = o.out.empty() ? std::string("the results are lost") : "the results are in " + o.out;

  // One replication, named or the drill's only one.
  const std::uint64_t replications =
      o.replication ? 1u : o.replications.value_or(static_cast<unsigned>(spec->drill.replications));
  if (replications == 1) {
    const io::ReplicationRun run = simulate(*spec, info.seed, o.replication.value_or(0), horizon, !o.quiet);
    info.replication = run.replication;
    info.fingerprint = run.fingerprint;
    info.events = run.events;
    info.wall_seconds = wall_seconds();
    if (out) {
      try {
        out->write("summary.json", io::summary_json(run.measures, info));
        out->write("manifest.json", io::manifest_json(info, run.measures.end));
      } catch (const io::ResultError& e) {
        std::cerr << "drillsim run: " << e.what() << "\n";
        return kExitCantCreate;
      }
      if (!commit()) return kExitCantCreate;
    }
    if (o.quiet) return kExitOk;
    std::string text = io::summary_text(run.measures, info);
    if (out) text += "results written to " + o.out + "\n";
    return print_stdout(text, lost.c_str()) ? kExitOk : kExitIoError;
  }

  const unsigned jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  io::ReplicationSet set;
  std::vector<std::string> files = {"manifest.json", "replications.json"};
  Progress progress(replications, !o.quiet);
  try {
    simulate_replications(*spec, info.seed, replications, jobs, horizon, [&](const io::ReplicationRun& r) {
      set.add(r);
      if (out) {
        io::RunInfo one = info;
        one.replication = r.replication;
        one.fingerprint = r.fingerprint;
        one.events = r.events;
        files.push_back(replication_file_name(r.replication));
        out->write(files.back(), io::summary_json(r.measures, one));
      }
      progress.update(set.size());
    });
  } catch (const io::ResultError& e) {
    std::cerr << "drillsim run: " << e.what() << "\n";
    return kExitCantCreate;
  }
  progress.finish();
  info.fingerprint = set.fingerprint();
  info.events = set.events();
  info.wall_seconds = wall_seconds();
  if (out) {
    try {
      io::ResultFolder::File aggregate = out->create("replications.json");
      set.write_json(info, [&](std::string_view piece) { aggregate.write(piece); });
      aggregate.close();
      out->write("manifest.json", io::manifest_json(info, set.end(), replications, files));
    } catch (const io::ResultError& e) {
      std::cerr << "drillsim run: " << e.what() << "\n";
      return kExitCantCreate;
    }
    if (!commit()) return kExitCantCreate;
  }
  if (o.quiet) return kExitOk;
  std::string text = set.text(info);
  if (out) text += "results written to " + o.out + "\n";
  return print_stdout(text, lost.c_str()) ? kExitOk : kExitIoError;
}

void add_max_file_size(CLI::App* sub, std::string& target) {
  sub->add_option("--max-file-size", target,
                  "Refuse a drill file larger than this, e.g. 64MiB (default 16MiB)")
      ->check(byte_size());
}

}  // namespace

Command add_validate_command(CLI::App& app) {
  struct ValidateOptions {
    std::string file;
    std::string max_file_size;
  };
  auto o = std::make_shared<ValidateOptions>();
  CLI::App* sub = app.add_subcommand("validate", "Check a drill file; report every error with file:line:column");
  sub->add_option("file", o->file, "Drill file (YAML)")->required();
  add_max_file_size(sub, o->max_file_size);
  return {sub, [o] {
            int code = kExitOk;
            std::optional<sc::DrillSpec> spec = load_or_report(o->file, o->max_file_size, code);
            if (!spec) return code;
            return print_stdout(o->file + ": valid drill '" + spec->drill.name + "'\n", "the verdict was not printed")
                       ? kExitOk
                       : kExitIoError;
          }};
}

Command add_run_command(CLI::App& app) {
  namespace lim = sc::limits;
  auto o = std::make_shared<RunOptions>();
  CLI::App* sub = app.add_subcommand("run", "Run a drill headlessly and print (and optionally write) its measures");
  sub->add_option("file", o->file, "Drill file (YAML)")->required();
  sub->add_option("--seed", o->seed, "Master seed (default: the drill's seed)")
      ->check(whole_number(lim::kSeed.min, lim::kSeed.max));
  sub->add_option("--replication", o->replication, "Run only this replication (its own random streams)")
      ->check(whole_number(0, lim::kReplications.max - 1));
  sub->add_option("--replications", o->replications, "Run replications 0..N-1 (default: the drill's setting)")
      ->check(whole_number(lim::kReplications.min, lim::kReplications.max));
  sub->add_option("--jobs,-j", o->jobs, "Threads for replications (default: all cores); results do not depend on it")
      ->check(whole_number(0, 1024));
  sub->add_option("--until", o->until, "Stop early at this time, e.g. 36h or 'D+1 06:00'");
  sub->add_option("--out", o->out, "Folder for the result files (replaced as a whole; locked while running)");
  add_max_file_size(sub, o->max_file_size);
  sub->add_flag("--quiet,-q", o->quiet, "Print nothing but errors");
  return {sub, [o] { return run_drill(*o); }};
}

}  // namespace drill::app
