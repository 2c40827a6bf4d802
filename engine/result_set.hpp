// A drill run as the command line, a server or a sweep asks for it: one
// replication or a set, with the drill's defaults filled in, its results
// and the manifest that says who ran what. With a ResultFolder, the files
// of the result set are written into it as they are produced (a set's
// replication files as the replications finish, in order); the caller
// commits the folder. Without one, nothing touches the file system.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/drill_run.hpp"
#include "engine/drill_source.hpp"
#include "engine/replications.hpp"
#include "engine/run_loop.hpp"
#include "engine/stop_flag.hpp"
#include "io/replications.hpp"
#include "io/result_files.hpp"
#include "io/run_manifest.hpp"
#include "io/run_report.hpp"

namespace drill::engine {

/// Who is running: copied into every manifest.
struct Invocation {
  std::string tool_version;
  std::string git_revision;
  std::vector<std::string> command_line;
};

struct RunRequest {
  std::optional<std::uint64_t> seed;         // default: the drill's
  std::optional<std::uint64_t> replication;  // run only this one
  std::optional<std::uint64_t> replications; // default: the drill's
  unsigned jobs = 0;                          // 0: one thread per core
  std::optional<core::SimTime> until;         // stop early (never past the horizon)
  core::Duration slice = core::days(1);
  /// A single run: the interval of the samples in simulated time (from D+0,
  /// plus one at the end), for timeseries.csv and for the observers'
  /// `changes()`. Positive. A single run samples when it has a ResultFolder
  /// or when this is given; the default interval is the drill's
  /// `sample_every`, else 1 h.
  std::optional<core::Duration> sample_every{};
  /// When statistics restart (from D+0). Default: the drill's `warm_up`,
  /// else none. In [0, horizon).
  std::optional<core::Duration> warm_up{};
  /// A single run with a ResultFolder: also write events.pb, the activity
  /// trace and, for a drill with comms, every message event.
  bool trace = false;
  /// With a ResultFolder: also write report.html, timetable.csv and
  /// timetable.ics (a set: of replication `replication`, 0 by default, plus
  /// the aggregate). On unless a benchmark measures what it costs.
  bool report = true;
};

/// The drill's settings with the request's overrides.
struct ResolvedRequest {
  std::uint64_t seed = 0;
  std::uint64_t replications = 1;  // 1: a single run of `replication`
  std::uint64_t replication = 0;
  core::SimTime horizon;
  core::Duration sample_every = core::hours(1);
  std::optional<core::SimTime> warm_up{};
};
/// Throws std::invalid_argument for a sampling interval that is not
/// positive or a warm-up outside [0, the drill's horizon).
ResolvedRequest resolve(const DrillSource& drill, const RunRequest& request);

struct SingleOutcome {
  RunResult run;
  io::RunInfo info;  // what summary.json and the text summary print
  io::ResultManifest manifest;
  /// The dashboard document of report.html, when one was written for a
  /// run given a recorder to share (RunHooks::recorder: a live server
  /// answers it on /api/dashboard once the run has ended); else null (the
  /// page was written from the document in pieces).
  std::shared_ptr<const std::string> dashboard;
  /// summary.json's text, when one was written (a live server answers it on
  /// /api/summary once the run has ended, without rendering it again).
  std::shared_ptr<const std::string> summary_json;
};

/// One replication. Into `out` it writes summary.json, summary.pb (the
/// manifest and the final snapshot), metrics.prom (the final snapshot),
/// timeseries.csv (every series at D+0, at the warm-up and at the end; the
/// series changed since the previous sample every `sample_every` in
/// between; read between run slices, streamed as the run goes), events.pb
/// with `trace` (streamed), with `report` report.html, timetable.csv and
/// timetable.ics (report/report_files.hpp; gathered by a recorder that
/// watches the run) and manifest.json. The file sinks are observers
/// and listeners of the one run loop (run_loop.hpp) beside those of `hooks`,
/// which see the same boundaries and the same changes reads after them.
/// Sampling and tracing change neither the event order nor the results.
/// Throws std::invalid_argument as `resolve` does, io::ResultError when a
/// file cannot be written.
SingleOutcome run_single(const DrillSource& drill, const RunRequest& request, const Invocation& who,
                         io::ResultFolder* out = nullptr, const RunHooks& hooks = {});

struct SetOutcome {
  io::ReplicationSet set;
  io::RunInfo info;
  io::ResultManifest manifest;
  /// The dashboard document of report.html (replication 0 in detail and
  /// the headline measures of every replication); null without a report.
  std::shared_ptr<const std::string> dashboard;
};

/// Replications 0..N-1 on threads; writes replication-NNNN.json and
/// replication-NNNN.pb (the summary a single run of that replication
/// writes) as each is consumed, then replications.json, replications.csv
/// (the aggregate of the headline series), with `report` report.html and
/// the timetable (replication 0 in detail, sampled every `sample_every`,
/// and the headline measures of every replication) and manifest.json. `observer`
/// (if any) hears of each replication's progress and, once its files are
/// written, of its results, in replication order, on the calling thread.
/// `control` (if any) pauses, resumes and stops the set (run_replications).
SetOutcome run_set(const DrillSource& drill, const RunRequest& request, const Invocation& who,
                   io::ResultFolder* out = nullptr, ReplicationObserver* observer = nullptr,
                   const StopFlag* stop = nullptr, RunControl* control = nullptr);

/// The bytes a set of replications (`request` resolving to more than one)
/// writes, estimated before it runs: the summaries of replication 0 stopped
/// at D+0 (every series and task is in them; a finished run's differ only
/// in their numbers) times the count, plus the aggregate, about one summary.
/// Within 5% on the bundled drills (README's Reliability). Costs one build
/// of the model. Throws as `resolve`.
std::uint64_t estimate_set_bytes(const DrillSource& drill, const RunRequest& request);

/// What a run's or set's reports say of it before it runs: the drill's
/// name, file and hash, the seed, the tool (its per-run fields empty).
io::RunInfo run_info(const DrillSource& drill, std::uint64_t seed, const Invocation& who);

/// `replication-0007.json`, or with `extension` "pb" its protobuf twin.
std::string replication_file_name(std::uint64_t replication, std::string_view extension = "json");

}  // namespace drill::engine
