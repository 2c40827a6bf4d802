#include "engine/result_set.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <streambuf>

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "engine/dashboard_observer.hpp"
#include "io/metrics_prom.hpp"
#include "io/summary_pb.hpp"
#include "io/timeseries_csv.hpp"
#include "io/trace_writer.hpp"
#include "report/report_files.hpp"

namespace drill::engine {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}


io::ResultManifest manifest_for(const DrillSource& drill, const ResolvedRequest& r, const Invocation& who) {
  io::ResultManifest rm;
  io::RunManifest& m = rm.run;
  m.tool_version = who.tool_version;
  m.git_revision = who.git_revision;
  m.command_line = who.command_line;
  m.config_path = drill.path;
  m.config_sha256 = drill.sha256;
  m.seed = r.seed;
  m.replication = static_cast<std::uint32_t>(r.replication);
  m.horizon = r.horizon;
  m.calendar_start = drill.calendar_start;
  m.host = io::host_name();
  rm.drill_name = drill.spec.drill.name;
  rm.calendar_label = drill.spec.drill.start_label;
  rm.requested_end = r.horizon;
  rm.started_at = io::utc_now_iso8601();
  for (const models::scenario::Override& o : drill.overrides) rm.overrides.push_back({o.path_text, o.value});
  return rm;
}

io::RunManifest::Status manifest_status(RunStatus s) {
  return s == RunStatus::completed ? io::RunManifest::Status::completed : io::RunManifest::Status::stopped;
}

/// A file of the result set written through an ostream as the run goes
/// (timeseries.csv, events.pb), in pieces of 64 KiB so it never sits in
/// memory. A write error comes out of the stream as the ResultError it is.
class StreamedFile final : private std::streambuf {
 public:
  StreamedFile(io::ResultFolder& folder, const std::string& name)
      : file_(folder.create(name)), buffer_(64 * 1024), stream_(this) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    stream_.exceptions(std::ios::badbit);
  }
  std::ostream& stream() noexcept { return stream_; }
  /// Writes what is buffered and closes the file (checked).
  void close() {
    stream_.flush();
    file_.close();
  }

 private:
  int_type overflow(int_type ch) override {
    drain();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override {
    drain();
    return 0;
  }
  void drain() {
    file_.write(std::string_view(pbase(), static_cast<std::size_t>(pptr() - pbase())));
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }

  io::ResultFolder::File file_;
  std::vector<char> buffer_;
  std::ostream stream_;
};

/// timeseries.csv as an observer: the rows of every changes read.
class TimeseriesSink final : public SliceObserver {
 public:
  explicit TimeseriesSink(io::TimeseriesCsv& csv) : csv_(csv) {}
  void on_boundary(const SliceBoundary& b) override {
    if (b.sampled()) csv_.add(b.changes());
  }

 private:
  io::TimeseriesCsv& csv_;
};

/// The trace's listener callbacks run inside noexcept model code and keep a
/// failed write instead of throwing: it surfaces at the next boundary.
class TraceCheck final : public SliceObserver {
 public:
  explicit TraceCheck(io::TraceWriter& trace) : trace_(trace) {}
  void on_boundary(const SliceBoundary&) override { trace_.check(); }

 private:
  io::TraceWriter& trace_;
};

/// What the report's files say of a run besides the recorder's part.
struct ReportRun {
  std::uint64_t replication = 0;
  std::uint64_t replications = 1;
  std::uint64_t done = 0;
  RunStatus status = RunStatus::completed;
  const RunResult* result = nullptr;  // null: the replication did not finish
  const report::HeadlineAcross* aggregate = nullptr;
};

/// After a run the summaries' thread is the longest (protobuf's JSON of the
/// summary), and the report's threads would share the two cores with it: the
/// report's threads take a lower priority (Linux: this thread alone; never a
/// higher one), so they fill the other core and the summaries finish first.
/// Measured on the large drill: the report run 5-8 % shorter.
void yield_to_the_summaries() noexcept {
#ifdef __linux__
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
#endif
}

/// Builds the report's texts (`build(dashboard, timetable)`: all of them,
/// or the page alone) on a thread of its own while the caller writes other
/// files: they read the same finished run, and nothing changes it any more.
/// The texts do not depend on the thread; the future's destructor waits, so
/// a caller that throws leaves nothing running.
template <class Build>
auto start_report(const DrillSource& drill, const ResolvedRequest& r, const Invocation& who,
                  const report::DashboardRecorder& recorder, const ReportRun& run, Build build) {
  return std::async(std::launch::async, [&drill, &r, &who, &recorder, run, build] {
    yield_to_the_summaries();
    report::RunHeader h;
    h.drill = drill.spec.drill.name;
    h.tool_version = who.tool_version;
    h.config_sha256 = drill.sha256;
    h.seed = r.seed;
    h.replication = run.replication;
    h.replications = run.replications;
    h.replications_done = run.done;
    h.status = run.status == RunStatus::completed ? "completed" : "stopped";
    h.horizon = r.horizon;
    h.now = run.result ? run.result->end : recorder.now();
    h.calendar_start = drill.calendar_start;
    h.events = run.result ? run.result->events : recorder.events();
    if (run.result) h.fingerprint = run.result->fingerprint;
    h.sample_every = r.sample_every;
    const report::DashboardInputs dashboard{.spec = drill.spec,
                                            .run = std::move(h),
                                            .recorder = recorder,
                                            .snapshot = run.result ? &run.result->final_snapshot : nullptr,
                                            .tasks = run.result ? &run.result->tasks : nullptr,
                                            .aggregate = run.aggregate};
    const report::TimetableSource timetable_source{.recorder = recorder,
                                                   .spec = drill.spec,
                                                   .calendar_start = drill.calendar_start,
                                                   .end = dashboard.run.now};
    return build(dashboard, timetable_source);
  });
}

/// A single run's summaries: summary.json, summary.pb and metrics.prom.
struct SummaryTexts {
  std::string json, pb, prom;
};

}  // namespace

io::RunInfo run_info(const DrillSource& drill, std::uint64_t seed, const Invocation& who) {
  io::RunInfo info;
  info.drill_name = drill.spec.drill.name;
  info.config_file = drill.path;
  info.config_hash = drill.sha256;
  info.seed = seed;
  info.tool_version = who.tool_version;
  info.git_revision = who.git_revision;
  return info;
}

ResolvedRequest resolve(const DrillSource& drill, const RunRequest& request) {
  ResolvedRequest r;
  r.seed = request.seed.value_or(drill.spec.drill.seed);
  r.horizon = core::at(drill.spec.drill.horizon);
  if (request.until) r.horizon = std::min(r.horizon, *request.until);
  r.sample_every = request.sample_every.value_or(drill.spec.drill.sample_every.value_or(core::hours(1)));
  if (r.sample_every <= core::Duration::zero()) throw std::invalid_argument("the sampling interval must be positive");
  const std::optional<core::Duration> warm_up = request.warm_up ? request.warm_up : drill.spec.drill.warm_up;
  if (warm_up) {
    if (*warm_up < core::Duration::zero() || *warm_up >= drill.spec.drill.horizon)
      throw std::invalid_argument("the warm-up must lie in [0, horizon) (horizon " +
                                  core::format(drill.spec.drill.horizon) + ")");
    r.warm_up = core::at(*warm_up);
  }
  if (request.replication) {
    r.replication = *request.replication;
    r.replications = 1;
  } else {
    r.replications = request.replications.value_or(static_cast<std::uint64_t>(drill.spec.drill.replications));
  }
  return r;
}

std::uint64_t estimate_set_bytes(const DrillSource& drill, const RunRequest& request) {
  const ResolvedRequest r = resolve(drill, request);
  RunRequest at_start = request;
  at_start.replication = 0;
  at_start.replications.reset();
  at_start.until = core::SimTime::zero();
  at_start.trace = false;
  at_start.sample_every.reset();
  const SingleOutcome o = run_single(drill, at_start, Invocation{});
  const auto summary = io::make_run_summary(o.manifest.run, o.info.drill_name, o.run.final_snapshot, o.run.tasks);
  const double one = static_cast<double>(io::summary_json(summary).size() + io::summary_pb(summary).size());
  // Per replication: its two files and a row of replications.csv (its
  // fingerprint, events and the headline series); once: replications.json,
  // about the size of a summary, and the manifest.
  const double per_replication = one + 1024.0;
  const double total = per_replication * static_cast<double>(r.replications) + one;
  return static_cast<std::uint64_t>(total);
}

std::string replication_file_name(std::uint64_t replication, std::string_view extension) {
  char name[64];
  std::snprintf(name, sizeof name, "replication-%04llu.", static_cast<unsigned long long>(replication));
  return name + std::string(extension);
}

SingleOutcome run_single(const DrillSource& drill, const RunRequest& request, const Invocation& who,
                         io::ResultFolder* out, const RunHooks& hooks) {
  const ResolvedRequest r = resolve(drill, request);
  const auto wall_start = Clock::now();
  io::ResultManifest manifest = manifest_for(drill, r, who);
  std::optional<StreamedFile> csv_file;
  std::optional<StreamedFile> trace_file;
  std::optional<io::TimeseriesCsv> csv;
  std::optional<TimeseriesSink> csv_sink;
  std::optional<io::TraceWriter> trace;
  std::optional<TraceCheck> trace_check;
  std::optional<report::DashboardRecorder> recorder;
  std::optional<report::LiveTimetable> timetable;
  std::optional<DashboardObserver> recorder_observer;
  // Samples fall on boundaries of their own (DrillRun stops at every
  // multiple of the interval as well as of the slice), so any interval
  // works with any slice; the observers and the stop check see them all.
  // With a folder, or when asked for, the run samples: the loop then reads
  // the changes at every sample and hands the same read to the file and to
  // every observer.
  const bool sampling = out || request.sample_every;
  DrillRun one(drill.spec, RunSettings{.seed = r.seed,
                                       .replication = r.replication,
                                       .horizon = r.horizon,
                                       .slice = request.slice,
                                       .sample_every = sampling ? std::optional(r.sample_every) : std::nullopt,
                                       .warm_up = r.warm_up});
  RunHooks all;
  if (out) {
    csv_file.emplace(*out, "timeseries.csv");
    csv.emplace(csv_file->stream(), drill.calendar_start);
    csv_sink.emplace(*csv);
    // The file first: an observer that fails leaves the file complete so far.
    all.observers.push_back(&*csv_sink);
    if (request.trace) {
      trace_file.emplace(*out, "events.pb");
      trace.emplace(one.model().collector().names(), trace_file->stream());
      all.activity_listeners.push_back(&*trace);
      all.message_listeners.push_back(&*trace);
      trace_check.emplace(*trace);
      all.observers.push_back(&*trace_check);
    }
    if (request.report && !hooks.recorder) recorder.emplace();
  }
  // One recorder for report.html and for whoever passed theirs in.
  report::DashboardRecorder* const recording = hooks.recorder ? hooks.recorder : recorder ? &*recorder : nullptr;
  // report.html's document as one string only for a caller that shares the
  // recorder (a live server keeps it); else in pieces.
  const bool whole_document = hooks.recorder != nullptr;
  if (recording) {
    // The timetable formatted on its own thread while the run goes. Its
    // worker formats the document's activity rows too, unless the document
    // is built whole after the run (they would be a second copy).
    if (out && request.report) {
      timetable.emplace(drill.spec, drill.calendar_start,
                        whole_document ? report::LiveTimetable::DocumentRows::left_out
                                       : report::LiveTimetable::DocumentRows::formatted);
      timetable->write_into(*out);
    }
    recorder_observer.emplace(*recording, timetable ? &*timetable : nullptr);
    all.activity_listeners.push_back(recording);
    all.observers.push_back(&*recorder_observer);
  }
  all.observers.insert(all.observers.end(), hooks.observers.begin(), hooks.observers.end());
  all.activity_listeners.insert(all.activity_listeners.end(), hooks.activity_listeners.begin(),
                                hooks.activity_listeners.end());
  all.message_listeners.insert(all.message_listeners.end(), hooks.message_listeners.begin(),
                               hooks.message_listeners.end());
  all.stop = hooks.stop;
  all.control = hooks.control;
  SingleOutcome o{.run = drive(one, all),
                  .info = run_info(drill, r.seed, who),
                  .manifest = std::move(manifest),
                  .dashboard = {},
                  .summary_json = {}};
  if (out) {
    if (trace) trace->check();
    csv_file->close();
    if (trace_file) trace_file->close();
  }
  o.info.replication = o.run.replication;
  o.info.fingerprint = o.run.fingerprint_hex();
  o.info.events = o.run.events;
  o.manifest.run.fingerprint = o.run.fingerprint;
  o.manifest.run.events = o.run.events;
  o.manifest.run.horizon = o.run.end;
  o.manifest.run.status = manifest_status(o.run.status);
  o.info.wall_seconds = o.manifest.run.wall_seconds = seconds_since(wall_start);
  if (out) {
    // Three threads at once, for the report would otherwise double the
    // time after the run: one builds the summaries' texts and writes them,
    // one builds report.html's document (its activity rows formatted while
    // the run went), and this one finishes the timetables (most of them
    // formatted and written while the run went), then writes report.html
    // (the most bytes, whose copy into the file and hashing overlap the
    // summaries' building). Each thread writes into files this one created
    // and closes: the files and the order they are closed in do not depend
    // on the threads, so the manifest lists them alike. The files outlive
    // the futures, whose destructors wait for their threads.
    const auto summary = io::make_run_summary(o.manifest.run, o.info.drill_name, o.run.final_snapshot, o.run.tasks,
                                              o.manifest.overrides);
    io::ResultFolder::File json_file = out->create("summary.json");
    io::ResultFolder::File pb_file = out->create("summary.pb");
    io::ResultFolder::File prom_file = out->create("metrics.prom");
    std::optional<io::ResultFolder::File> html;
    std::future<SummaryTexts> summaries = std::async(std::launch::async, [&] {
      SummaryTexts texts{io::summary_json(summary), io::summary_pb(summary), io::prometheus_text(o.run.final_snapshot)};
      json_file.write(texts.json);
      pb_file.write(texts.pb);
      prom_file.write(texts.prom);
      return texts;
    });
    // report.html in pieces (no caller keeps its document) is written by
    // this thread as the page's thread builds it. The stream outlives the
    // future, whose destructor waits for the thread that feeds it.
    report::PageStream stream;
    const bool streamed = !whole_document;
    std::future<report::PageDocument> page;
    if (recording && request.report) {
      // The live formatter's worker stopped first: the page takes the
      // activity rows it formatted while the run went.
      const report::LiveDocumentParts* live = nullptr;
      if (timetable) {
        timetable->stop(*recording);
        live = timetable->document();
      }
      page = start_report(drill, r, who, *recording,
                          ReportRun{.replication = o.run.replication, .replications = 1, .done = 1,
                                    .status = o.run.status, .result = &o.run},
                          [live, streamed, &stream](const report::DashboardInputs& d,
                                                    const report::TimetableSource&) {
                            report::DashboardInputs in = d;
                            in.live = live;
                            return streamed ? report::page_document(in, stream)
                                            : report::page_document(in);
                          });
    }
    // The timetables' end and report.html are written on a thread of their
    // own at the report's lower priority, while this one waits: nothing
    // else touches the result folder meanwhile, so the files are created
    // in the same order as ever.
    std::future<void> report_files;
    if (page.valid()) {
      report_files = std::async(std::launch::async, [&] {
        yield_to_the_summaries();
        timetable->finish_files(*recording, o.run.end);
        if (streamed) {
          html.emplace(out->create(report::kReportFile));
          stream.write_into(*html);  // returns early if the building failed: get() throws
          o.dashboard = page.get().document;
        } else {
          const report::PageDocument written = page.get();
          html.emplace(out->create(report::kReportFile));
          report::write_page_document(*html, written);
          o.dashboard = written.document;
        }
      });
      report_files.get();
    }
    SummaryTexts texts = summaries.get();
    o.summary_json = std::make_shared<const std::string>(std::move(texts.json));
    json_file.close();
    pb_file.close();
    prom_file.close();
    if (html) html->close();
    out->write("manifest.json", io::run_manifest_json(o.manifest, out->written()));
  }
  return o;
}

SetOutcome run_set(const DrillSource& drill, const RunRequest& request, const Invocation& who, io::ResultFolder* out,
                   ReplicationObserver* observer, const StopFlag* stop, RunControl* control) {
  const ResolvedRequest r = resolve(drill, request);
  const auto wall_start = Clock::now();
  SetOutcome o;
  o.info = run_info(drill, r.seed, who);
  o.manifest = manifest_for(drill, r, who);
  o.manifest.replication_set = true;
  ReplicationPlan plan{
      .seed = r.seed, .count = r.replications, .jobs = request.jobs, .horizon = r.horizon, .slice = request.slice,
      .warm_up = r.warm_up};
  // The report shows replication 0 in detail (sampled and recorded on its
  // worker, read here after the workers have ended) and every replication's
  // headline measures.
  std::optional<report::DashboardRecorder> recorder;
  std::optional<report::LiveTimetable> timetable;
  std::optional<DashboardObserver> recorder_observer;
  report::HeadlineAcross across;
  std::optional<RunResult> detailed;
  const std::uint64_t detail = r.replication;
  if (out && request.report) {
    recorder.emplace();
    timetable.emplace(drill.spec, drill.calendar_start);
    recorder_observer.emplace(*recorder, &*timetable);
    plan.detail = ReplicationPlan::Detail{.replication = detail,
                                          .sample_every = r.sample_every,
                                          .observers = {&*recorder_observer},
                                          .activity_listeners = {&*recorder}};
  }
  const ReplicationsOutcome done = run_replications(
      drill.spec, plan,
      [&](RunResult&& run) {
        io::ReplicationRun row{run.replication, run.fingerprint_hex(), run.events, run.final_snapshot, run.tasks};
        o.set.add(row);
        if (recorder) {
          across.add(run.final_snapshot);
          if (run.replication == detail) detailed = run;
        }
        if (out) {
          // Each replication's summary is the one a single run of it writes.
          io::RunManifest one = o.manifest.run;
          one.replication = static_cast<std::uint32_t>(run.replication);
          one.fingerprint = run.fingerprint;
          one.events = run.events;
          one.horizon = run.end;
          one.status = manifest_status(run.status);
          const auto summary = io::make_run_summary(one, o.info.drill_name, run.final_snapshot, run.tasks, o.manifest.overrides);
          const std::string name = replication_file_name(run.replication);
          const std::string pb = replication_file_name(run.replication, "pb");
          out->write(name, io::summary_json(summary));
          out->write(pb, io::summary_pb(summary));
        }
      },
      stop, observer, control);
  o.info.fingerprint = o.set.fingerprint();
  o.info.events = o.set.events();
  o.manifest.replications = done.consumed;
  o.manifest.run.fingerprint = o.set.fingerprint_value();
  o.manifest.run.events = o.set.events();
  o.manifest.run.horizon = done.consumed ? o.set.end() : core::SimTime::zero();
  o.manifest.run.status = manifest_status(done.status);
  o.info.wall_seconds = o.manifest.run.wall_seconds = seconds_since(wall_start);
  if (out) {
    std::future<report::ReportTexts> texts;
    if (recorder)
      texts = start_report(drill, r, who, *recorder,
                           ReportRun{.replication = detail, .replications = r.replications, .done = done.consumed,
                                     .status = done.status, .result = detailed ? &*detailed : nullptr,
                                     .aggregate = &across},
                           [live = timetable ? &*timetable : nullptr](const report::DashboardInputs& d,
                                                                      const report::TimetableSource& t) {
                             return report::report_texts(d, t, live);
                           });
    io::ResultFolder::File aggregate = out->create("replications.json");
    o.set.write_json(o.info, [&](std::string_view piece) { aggregate.write(piece); });
    aggregate.close();
    out->write("replications.csv", o.set.csv());
    if (texts.valid()) {
      const report::ReportTexts written = texts.get();
      report::write_report_texts(*out, written);
      o.dashboard = written.page.document;
    }
    out->write("manifest.json", io::run_manifest_json(o.manifest, out->written()));
  }
  return o;
}

}  // namespace drill::engine
