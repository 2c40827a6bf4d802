// `drillsim validate FILE` and `drillsim run FILE`: flags in, the run
// engine (engine/) does the work, diagnostics, progress and measures out.
//
// Exit codes: 0 valid / ran; 64 a bad command line; 65 the drill is invalid
// or too large (errors printed, nothing written); 66 the file is missing;
// 71 out of memory; 73 the results could not be written, would pass the
// output budget (--max-output) or --out is in use by another run (the folder
// is left as it was); 74 the results were
// written but printing them failed (e.g. stdout closed); 1 any other failure.
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/commands.hpp"
#include "app/byte_size.hpp"
#include "app/interrupt.hpp"
#include "app/progress.hpp"
#include "app/version.hpp"
#include "engine/drill_source.hpp"
#include "engine/result_set.hpp"
#include "io/result_files.hpp"
#include "io/run_report.hpp"
#include "io/summary_pb.hpp"
#include "io/utc_time.hpp"
#include "models/protocol_notes.hpp"
#include "models/scenario/check_load.hpp"
#include "models/scenario/integer_limits.hpp"
#include "models/scenario/overrides.hpp"
#include "report/dashboard_json.hpp"
#include "report/dashboard_recorder.hpp"
#include "server/hub_publisher.hpp"
#include "server/request.hpp"
#include "server/server.hpp"
#include "server/set_publisher.hpp"
#include "sweep/sweep_file.hpp"

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

/// Loads a drill through the engine, with the overrides of `sets` applied
/// before validation, and prints its diagnostics (the first
/// kMaxDiagnosticsPrinted, then a count); returns the exit code on failure.
std::optional<engine::DrillSource> load_or_report(const std::string& file, const std::string& max_size,
                                                  const std::vector<std::string>& sets, int& exit_code) {
  sc::LoadOptions options;
  // Checked on the command line (main.cpp: --max-file-size's and --set's checks).
  if (!max_size.empty()) options.max_file_bytes = parse_byte_size(max_size).value();
  for (const std::string& text : sets) {
    std::string error;
    options.overrides.push_back(sc::parse_override(text, error).value());
  }
  engine::LoadOutcome r = engine::load(file, options);
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
    std::cerr << file << ": " << errors << (errors == 1 ? " error" : " errors") << "; the drill is not valid"
              << (sweep::is_sweep_file(file) ? " (it is a sweep file: run it with `drillsim sweep " + file + "`)"
                                             : std::string())
              << "\n";
    exit_code = kExitDataError;
    return std::nullopt;
  }
  return std::move(*r.drill);
}

/// `bytes` for people: 43.2 GB, 512 KB (powers of ten, three digits).
std::string human_bytes(double bytes) {
  const char* units[] = {"bytes", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (bytes >= 1000.0 && u < 4) {
    bytes /= 1000.0;
    ++u;
  }
  char text[32];
  std::snprintf(text, sizeof text, u == 0 ? "%.0f %s" : "%.3g %s", bytes, units[u]);
  return text;
}

/// `--serve` and its companions, checked: what the live server needs.
struct ServePlan {
  server::ServerOptions options;
  std::optional<double> pace;
};

/// Reads --serve, --stay, --pace and --token (or DRILLSIM_TOKEN); nullopt
/// with `exit_code` set after printing why not (or with kExitOk when
/// nothing is to be served).
std::optional<ServePlan> plan_serving(const RunOptions& o, int& exit_code) {
  exit_code = kExitOk;
  if (o.serve.empty()) {
    if (o.stay || !o.pace.empty() || !o.token.empty()) {
      std::cerr << "drillsim run: --stay, --pace and --token go with --serve [ADDR:]PORT\n";
      exit_code = kExitUsage;
    }
    return std::nullopt;
  }
  ServePlan plan;
  const auto address = server::parse_serve_address(o.serve);
  if (!address) {
    std::cerr << "drillsim run: --serve '" << o.serve
              << "' is not a port or an address and port (write e.g. 8080, 127.0.0.1:8080 or [::1]:8080)\n";
    exit_code = kExitUsage;
    return std::nullopt;
  }
  if (address->address != "localhost" && !server::is_ip_address(address->address)) {
    std::cerr << "drillsim run: --serve '" << o.serve << "': '" << address->address
              << "' is not an IP address (write e.g. 127.0.0.1:8080, [::1]:8080, localhost:8080 or a port alone)\n";
    exit_code = kExitUsage;
    return std::nullopt;
  }
  plan.options.address = address->address;
  plan.options.port = address->port;
  if (!o.token.empty()) {
    plan.options.token = o.token;
  } else if (const char* env = std::getenv("DRILLSIM_TOKEN"); env && *env) {
    plan.options.token = std::string(env);
  }
  if (plan.options.token && !server::is_url_safe_token(*plan.options.token)) {
    std::cerr << "drillsim run: the token must be 1 to 256 letters, digits or !#$%&'*+-.^_`|~ (the live page carries "
                 "it in its URL and its WebSocket's subprotocol)\n";
    exit_code = kExitUsage;
    return std::nullopt;
  }
  if (!server::is_loopback(plan.options.address) && !plan.options.token) {
    std::cerr << "drillsim run: --serve " << o.serve
              << " listens beyond this machine: give --token (or set DRILLSIM_TOKEN) so that only those who "
                 "hold it can read the run\n";
    exit_code = kExitUsage;
    return std::nullopt;
  }
  if (!o.pace.empty()) {
    plan.pace = server::parse_pace(o.pace);
    if (!plan.pace) {
      std::cerr << "drillsim run: --pace '" << o.pace
                << "' is not a positive multiple of wall-clock time (write e.g. 600x)\n";
      exit_code = kExitUsage;
      return std::nullopt;
    }
  }
  return plan;
}

/// The facts of the run the hub serves.
server::RunFacts facts_of(const engine::DrillSource& drill, const engine::ResolvedRequest& r) {
  server::RunFacts f;
  f.drill = drill.spec.drill.name;
  f.tool_version = kVersion;
  f.config_sha256 = drill.sha256;
  f.seed = r.seed;
  f.replication = r.replication;
  f.replications = r.replications;
  f.horizon_us = r.horizon.ticks();
  if (drill.calendar_start) f.calendar_start = io::iso8601_utc(*drill.calendar_start, core::SimTime::zero());
  f.sample_every_us = r.sample_every.ticks();
  f.manifest.tool_version = kVersion;
  f.manifest.git_revision = kGitRevision;
  f.manifest.config_path = drill.path;
  f.manifest.config_sha256 = drill.sha256;
  f.manifest.seed = r.seed;
  f.manifest.replication = static_cast<std::uint32_t>(r.replication);
  f.manifest.calendar_start = drill.calendar_start;
  return f;
}

/// The dashboard data of a served single run as the report's recorder makes
/// it, for `GET /api/dashboard`: at D+0 (the plan, the geography, the units
/// and the network, which the live page draws first; the hub's own rows and
/// series then feed it) and, through `finish`, at the end (everything, as
/// report.html has it).
class LiveDashboard final : public engine::SliceObserver {
 public:
  LiveDashboard(server::Hub& hub, const engine::DrillSource& drill, const engine::ResolvedRequest& r)
      : hub_(hub), drill_(drill) {
    header_.drill = drill.spec.drill.name;
    header_.tool_version = kVersion;
    header_.config_sha256 = drill.sha256;
    header_.seed = r.seed;
    header_.replication = r.replication;
    header_.horizon = r.horizon;
    header_.calendar_start = drill.calendar_start;
    header_.sample_every = r.sample_every;
  }
  /// The run's recorder (RunHooks::recorder): the run records once, for
  /// report.html and for this.
  report::DashboardRecorder& recorder() noexcept { return recorder_; }

  void on_boundary(const engine::SliceBoundary& b) override {
    if (!b.first()) return;
    report::RunHeader h = header_;
    h.now = b.now();
    hand_over(report::DashboardInputs{.spec = drill_.spec, .run = std::move(h), .recorder = recorder_});
  }

  void finish(const engine::RunResult& result) {
    report::RunHeader h = header_;
    h.replications_done = 1;
    h.status = result.status == engine::RunStatus::completed ? "completed" : "stopped";
    h.now = result.end;
    h.events = result.events;
    h.fingerprint = result.fingerprint;
    hand_over(report::DashboardInputs{.spec = drill_.spec,
                                      .run = std::move(h),
                                      .recorder = recorder_,
                                      .snapshot = &result.final_snapshot,
                                      .tasks = &result.tasks});
  }

 private:
  void hand_over(const report::DashboardInputs& in) {
    hub_.set_dashboard(std::make_shared<const std::string>(report::dashboard_json(in)));
  }

  server::Hub& hub_;
  const engine::DrillSource& drill_;
  report::RunHeader header_;
  report::DashboardRecorder recorder_;
};

/// Opens --out before anything is simulated, with its size budget; nullopt
/// after reporting why not.
std::unique_ptr<io::ResultFolder> open_out(const RunOptions& o, std::uint64_t budget, int& exit_code) {
  if (o.out.empty()) return nullptr;
  try {
    auto folder = std::make_unique<io::ResultFolder>(o.out);
    folder->set_budget(budget);
    return folder;
  } catch (const io::ResultError& e) {
    std::cerr << "drillsim run: " << e.what() << "\n";
    exit_code = kExitCantCreate;
    return nullptr;
  }
}

/// Progress of a single run on stderr: the simulated time reached, at most
/// every 2 s of wall time (wall time decides only when to print).
class SingleRunProgress final : public engine::SliceObserver {
 public:
  void on_boundary(const engine::SliceBoundary& b) override {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ <= std::chrono::seconds(2)) return;
    std::fprintf(stderr, "drillsim run: %s of %s, %llu events\n", core::format(b.now()).c_str(),
                 core::format(b.horizon()).c_str(), static_cast<unsigned long long>(b.events()));
    last_ = now;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

/// Progress of a set of replications: the replications done.
class SetProgress final : public engine::ReplicationObserver {
 public:
  explicit SetProgress(Progress& progress) : progress_(progress) {}
  void on_replication(const engine::RunResult&, std::uint64_t done) override { progress_.update(done); }

 private:
  Progress& progress_;
};

}  // namespace

int run_drill(const RunOptions& o) {
  int code = kExitOk;
  std::optional<engine::DrillSource> drill = load_or_report(o.file, o.max_file_size, o.sets, code);
  if (!drill) return code;

  engine::RunRequest request;
  request.seed = o.seed;
  request.replication = o.replication;
  if (o.replications) request.replications = *o.replications;
  request.jobs = o.jobs;
  if (!o.until.empty()) {
    const auto t = core::parse_sim_time(o.until);
    if (!t || *t < core::SimTime::zero()) {
      std::cerr << "drillsim run: --until '" << o.until
                << "' is not a time after the start (write e.g. 36h or 'D+1 06:00')\n";
      return kExitUsage;
    }
    if (*t > core::at(drill->spec.drill.horizon)) {
      std::cerr << "drillsim run: --until '" << o.until << "' is after the drill's horizon ("
                << core::format(core::at(drill->spec.drill.horizon))
                << "), where every run ends; leave --until out, or move the horizon with --set drill.horizon=...\n";
      return kExitUsage;
    }
    request.until = *t;
  }
  if (!o.sample_every.empty()) {
    const auto d = core::parse_duration(o.sample_every);
    if (!d || *d <= core::Duration::zero()) {
      std::cerr << "drillsim run: --sample-every '" << o.sample_every
                << "' is not a positive span of simulated time (write e.g. 1h, 15min or 1d)\n";
      return kExitUsage;
    }
    request.sample_every = *d;
  }
  if (!o.warm_up.empty()) {
    const auto d = core::parse_duration(o.warm_up);
    if (!d || *d < core::Duration::zero() || *d >= drill->spec.drill.horizon) {
      std::cerr << "drillsim run: --warm-up '" << o.warm_up << "' is not a span from 0 up to the drill's horizon ("
                << core::format(drill->spec.drill.horizon) << "; write e.g. 2d or 12h)\n";
      return kExitUsage;
    }
    request.warm_up = *d;
  }
  if (const std::optional<core::Duration> warm_up = request.warm_up ? request.warm_up : drill->spec.drill.warm_up;
      warm_up && request.until && core::at(*warm_up) >= *request.until) {
    std::cerr << "drillsim run: --until '" << o.until << "' ends the run before its warm-up ("
              << (request.warm_up ? "--warm-up " + o.warm_up : "the drill's warm_up, " + core::format(*warm_up))
              << ") is over: no statistics would be gathered; stop later, or warm up less\n";
    return kExitUsage;
  }
  request.trace = o.trace;
  request.report = !o.no_report;
  if ((o.trace || !o.sample_every.empty()) && o.out.empty()) {
    std::cerr << "drillsim run: --sample-every and --trace write into the result set: give --out DIR\n";
    return kExitUsage;
  }
  if ((o.trace || !o.sample_every.empty()) && engine::resolve(*drill, request).replications != 1) {
    std::cerr << "drillsim run: --sample-every and --trace apply to a single run (use --replication N for one)\n";
    return kExitUsage;
  }

  // Samples are events of their own: the drill's sample_every is held to
  // the load bound when it is loaded, --sample-every here.
  if (request.sample_every) {
    const double samples =
        engine::resolve(*drill, request).horizon.seconds() / request.sample_every->seconds();
    if (samples > sc::kMaxEstimatedEvents) {
      std::cerr << "drillsim run: --sample-every '" << o.sample_every << "' would take about "
                << static_cast<unsigned long long>(samples) << " samples (the limit is "
                << static_cast<unsigned long long>(sc::kMaxEstimatedEvents) << "); sample less often\n";
      return kExitUsage;
    }
  }
  std::optional<ServePlan> serve = plan_serving(o, code);
  if (code != kExitOk) return code;
  engine::ResolvedRequest resolved = engine::resolve(*drill, request);
  if (serve && serve->pace && resolved.replications != 1) {
    if (o.replications) {
      std::cerr << "drillsim run: --pace applies to a single run (use --replication N for one)\n";
      return kExitUsage;
    }
    // The drill asks for a set and nobody asked for it here: paced, one run
    // is watched, its replication 0.
    std::cerr << "drillsim run: --pace watches one run: replication 0 of the drill's " << resolved.replications
              << " (--replication N for another; a set is served unpaced)\n";
    request.replication = 0;
    resolved = engine::resolve(*drill, request);
  }
  // The live server reads the collector's changes between slices, so a
  // served run samples (which changes neither the events nor the results).
  if (serve && !request.sample_every) request.sample_every = resolved.sample_every;

  // A set's size is known closely before it runs (its files are summaries
  // of a known shape): refused here, not after hours of replications.
  const std::uint64_t budget = o.max_output.empty() ? kDefaultMaxOutputBytes : parse_byte_size(o.max_output).value();
  if (!o.out.empty() && engine::resolve(*drill, request).replications > 1) {
    const std::uint64_t n = engine::resolve(*drill, request).replications;
    const std::uint64_t estimate = engine::estimate_set_bytes(*drill, request);
    if (estimate > budget) {
      std::cerr << "drillsim run: " << n << " replications would write about " << human_bytes(static_cast<double>(estimate))
                << " (about " << human_bytes(static_cast<double>(estimate) / static_cast<double>(n))
                << " each) into " << o.out << ", over the output budget of " << human_bytes(static_cast<double>(budget))
                << "; raise it with --max-output (e.g. --max-output "
                << (estimate >= (std::uint64_t{1} << 30) ? std::to_string((estimate >> 30) + 1) + "GiB"
                                                         : std::to_string((estimate >> 20) + 1) + "MiB")
                << ") or run fewer\n";
      return kExitCantCreate;
    }
  }
  // Ctrl-C from here on stops the run at its next slice boundary; what ran
  // is written as a set marked `stopped`, and the exit code is 128 + signal.
  // In place before --out is opened, so a signal never kills the process
  // while its staging folder exists.
  const StopOnSignal interrupt;
  std::unique_ptr<io::ResultFolder> out = open_out(o, budget, code);
  if (code != kExitOk) return code;
  if (interrupt.signal() != 0) {
    std::cerr << "drillsim run: stopped by " << signal_name(interrupt.signal()) << " before the run began"
              << (o.out.empty() ? std::string() : "; " + o.out + " is as it was") << "\n";
    return 128 + interrupt.signal();
  }
  const engine::Invocation who{kVersion, kGitRevision, o.command_line};

  // The live server: its own thread, fed through the hub only.
  std::optional<server::Hub> hub;
  std::optional<server::HubPublisher> publisher;
  std::optional<engine::RunControl> control;
  std::unique_ptr<server::Server> live;
  if (serve) {
    hub.emplace();
    hub->set_facts(facts_of(*drill, resolved));
    publisher.emplace(*hub);
    if (serve->pace || serve->options.token) control.emplace();
    if (serve->pace) {
      control->set_pace(serve->pace);
      hub->set_pace(serve->pace);
    }
    // The seam of the dashboard recorder: an observer of the same run that
    // hands the hub the whole document (hub->set_dashboard) as it goes.
    try {
      live = std::make_unique<server::Server>(*hub, serve->options, control ? &*control : nullptr);
    } catch (const std::exception& e) {
      std::cerr << "drillsim run: " << e.what() << "\n";
      return kExitUsage;
    }
    std::cerr << "drillsim run: serving " << live->url()
              << (serve->options.token ? " (bearer token required; in a browser open " + live->url() + "#token=TOKEN)"
                                       : std::string())
              << "\n";
  }
  const auto stop_serving = [&] {
    if (live) live->stop(std::chrono::milliseconds(2500));
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

  // The exit code follows what was committed: a signal that lands after
  // the run reached its horizon (while the results were being written) is
  // noted, and the complete results are reported as such.
  bool completed = true;
  const auto stopped_code = [&] {
    if (interrupt.signal() == 0) return kExitOk;
    if (completed) {
      std::cerr << "drillsim run: " << signal_name(interrupt.signal())
                << " arrived after the run had completed; "
                << (o.out.empty() ? std::string("the results are complete") : "the complete results are in " + o.out)
                << "\n";
      return kExitOk;
    }
    std::cerr << "drillsim run: stopped by " << signal_name(interrupt.signal()) << "; "
              << (o.out.empty() ? std::string("the results so far are below") : "the results so far are in " + o.out)
              << " (status stopped)\n";
    return 128 + interrupt.signal();
  };

  // With --stay, the final state stays served until Ctrl-C (the results
  // are committed and printed before); otherwise the clients are told of
  // the end, then the server stops.
  const auto finish_serving = [&](int exit_code) {
    if (live && o.stay && interrupt.signal() == 0) {
      std::cerr << "drillsim run: the run has ended; still serving " << live->url() << " until interrupted (Ctrl-C)\n";
      while (!interrupt.flag().requested()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      stop_serving();
      return exit_code;
    }
    stop_serving();
    return exit_code;
  };

  std::string text;
  const std::uint64_t replications = engine::resolve(*drill, request).replications;
  if (replications == 1) {
    std::optional<engine::SingleOutcome> r;
    SingleRunProgress progress;
    engine::RunHooks hooks;
    if (!o.quiet) hooks.observers.push_back(&progress);
    std::optional<LiveDashboard> live_dashboard;
    if (publisher) {
      hooks.observers.push_back(&*publisher);
      hooks.activity_listeners.push_back(&*publisher);
      hooks.message_listeners.push_back(&*publisher);
      live_dashboard.emplace(*hub, *drill, resolved);
      hooks.recorder = &live_dashboard->recorder();  // records before the observers: bound at D+0
      hooks.observers.push_back(&*live_dashboard);
    }
    if (control) hooks.control = &*control;
    hooks.stop = &interrupt.flag();
    try {
      r.emplace(engine::run_single(*drill, request, who, out.get(), hooks));
    } catch (const io::ResultError& e) {
      std::cerr << "drillsim run: " << e.what() << "\n";
      if (hub) hub->finish(server::RunState::failed, "", 0, 0.0);
      stop_serving();
      return kExitCantCreate;
    }
    completed = r->run.status == engine::RunStatus::completed;
    // The document report.html embeds when one was written (the same the
    // live recorder would render: rendered once, off this thread).
    if (live_dashboard && r->dashboard)
      hub->set_dashboard(r->dashboard);
    else if (live_dashboard)
      live_dashboard->finish(r->run);
    if (hub) {
      // summary.json's text as written (rendered again only without --out).
      std::shared_ptr<const std::string> summary = r->summary_json;
      if (!summary)
        summary = std::make_shared<const std::string>(
            io::summary_json(io::make_run_summary(r->manifest.run, r->info.drill_name, r->run.final_snapshot,
                                                  r->run.tasks, r->manifest.overrides)));
      hub->finish(completed ? server::RunState::completed : server::RunState::stopped, r->info.fingerprint,
                  r->run.events, r->info.wall_seconds, std::move(summary));
    }
    if (out && !commit()) return kExitCantCreate;
    if (o.quiet) return finish_serving(stopped_code());
    text = io::summary_text(r->run.final_snapshot, r->run.tasks, r->info);
  } else {
    Progress progress(replications, !o.quiet);
    SetProgress set_progress(progress);
    std::optional<server::SetPublisher> set_publisher;
    if (hub)
      set_publisher.emplace(*hub, 0, engine::run_info(*drill, resolved.seed, who), replications, &set_progress);
    engine::SetOutcome r;
    try {
      r = engine::run_set(*drill, request, who, out.get(),
                          set_publisher ? static_cast<engine::ReplicationObserver*>(&*set_publisher) : &set_progress,
                          &interrupt.flag(), control ? &*control : nullptr);
    } catch (const io::ResultError& e) {
      std::cerr << "drillsim run: " << e.what() << "\n";
      if (hub) hub->finish(server::RunState::failed, "", 0, 0.0);
      stop_serving();
      return kExitCantCreate;
    }
    progress.finish();
    completed = r.manifest.run.status == io::RunManifest::Status::completed;
    if (hub && r.dashboard) hub->set_dashboard(r.dashboard);  // the set's document, as report.html has it
    if (hub)
      hub->finish(completed ? server::RunState::completed : server::RunState::stopped, r.info.fingerprint,
                  r.info.events, r.info.wall_seconds);
    if (out && !commit()) return kExitCantCreate;
    if (o.quiet) return finish_serving(stopped_code());
    text = r.set.text(r.info);
  }
  if (out) text += "results written to " + o.out + "\n";
  if (!print_stdout(text, lost.c_str())) return kExitIoError;
  return finish_serving(stopped_code());
}

int validate_file(const ValidateOptions& o) {
  if (sweep::is_sweep_file(o.file)) {
    if (!o.sets.empty() || !o.max_file_size.empty()) {
      std::cerr << "drillsim validate: --set and --max-file-size apply to a drill file, not a sweep file\n";
      return kExitUsage;
    }
    return validate_sweep(o.file);
  }
  int code = kExitOk;
  std::optional<engine::DrillSource> drill = load_or_report(o.file, o.max_file_size, o.sets, code);
  if (!drill) return code;
  std::string verdict = o.file + ": valid drill '" + drill->spec.drill.name + "'\n";
  for (const std::string& note : models::protocol_notes(drill->spec)) verdict += "note: " + note + "\n";
  return print_stdout(verdict, "the verdict was not printed") ? kExitOk : kExitIoError;
}

}  // namespace drill::app
