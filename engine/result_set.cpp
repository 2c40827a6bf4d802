#include "engine/result_set.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace drill::engine {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

io::RunInfo info_for(const DrillSource& drill, std::uint64_t seed, const Invocation& who) {
  io::RunInfo info;
  info.drill_name = drill.spec.drill.name;
  info.config_file = drill.path;
  info.config_hash = drill.sha256;
  info.seed = seed;
  info.tool_version = who.tool_version;
  info.git_revision = who.git_revision;
  return info;
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
  return rm;
}

io::RunManifest::Status manifest_status(RunStatus s) {
  return s == RunStatus::completed ? io::RunManifest::Status::completed : io::RunManifest::Status::stopped;
}

}  // namespace

ResolvedRequest resolve(const DrillSource& drill, const RunRequest& request) {
  ResolvedRequest r;
  r.seed = request.seed.value_or(drill.spec.drill.seed);
  r.horizon = core::at(drill.spec.drill.horizon);
  if (request.until) r.horizon = std::min(r.horizon, *request.until);
  if (request.replication) {
    r.replication = *request.replication;
    r.replications = 1;
  } else {
    r.replications = request.replications.value_or(static_cast<std::uint64_t>(drill.spec.drill.replications));
  }
  return r;
}

std::string replication_file_name(std::uint64_t replication) {
  char name[64];
  std::snprintf(name, sizeof name, "replication-%04llu.json", static_cast<unsigned long long>(replication));
  return name;
}

SingleOutcome run_single(const DrillSource& drill, const RunRequest& request, const Invocation& who,
                         io::ResultFolder* out, const SliceObserver& observer, const StopFlag* stop) {
  const ResolvedRequest r = resolve(drill, request);
  const auto wall_start = Clock::now();
  SingleOutcome o;
  o.manifest = manifest_for(drill, r, who);
  o.run = run(drill.spec,
              RunSettings{.seed = r.seed, .replication = r.replication, .horizon = r.horizon, .slice = request.slice},
              observer, stop);
  o.info = info_for(drill, r.seed, who);
  o.info.replication = o.run.replication;
  o.info.fingerprint = o.run.fingerprint_hex();
  o.info.events = o.run.events;
  o.manifest.run.fingerprint = o.run.fingerprint;
  o.manifest.run.events = o.run.events;
  o.manifest.run.horizon = o.run.end;
  o.manifest.run.status = manifest_status(o.run.status);
  o.info.wall_seconds = o.manifest.run.wall_seconds = seconds_since(wall_start);
  if (out) {
    out->write("summary.json", io::summary_json(o.run.measures, o.info));
    out->write("manifest.json", io::run_manifest_json(o.manifest, {"manifest.json", "summary.json"}));
  }
  return o;
}

SetOutcome run_set(const DrillSource& drill, const RunRequest& request, const Invocation& who, io::ResultFolder* out,
                   const std::function<void(std::uint64_t done)>& on_replication, const StopFlag* stop) {
  const ResolvedRequest r = resolve(drill, request);
  const auto wall_start = Clock::now();
  SetOutcome o;
  o.info = info_for(drill, r.seed, who);
  o.manifest = manifest_for(drill, r, who);
  o.manifest.replication_set = true;
  std::vector<std::string> files = {"manifest.json", "replications.json"};
  const ReplicationPlan plan{
      .seed = r.seed, .count = r.replications, .jobs = request.jobs, .horizon = r.horizon, .slice = request.slice};
  const ReplicationsOutcome done = run_replications(
      drill.spec, plan,
      [&](RunResult&& run) {
        io::ReplicationRun row{std::move(run.measures), run.replication, run.fingerprint_hex(), run.events};
        o.set.add(row);
        if (out) {
          io::RunInfo one = o.info;
          one.replication = row.replication;
          one.fingerprint = row.fingerprint;
          one.events = row.events;
          files.push_back(replication_file_name(row.replication));
          out->write(files.back(), io::summary_json(row.measures, one));
        }
        if (on_replication) on_replication(o.set.size());
      },
      stop);
  o.info.fingerprint = o.set.fingerprint();
  o.info.events = o.set.events();
  o.manifest.replications = done.consumed;
  o.manifest.run.fingerprint = o.set.fingerprint_value();
  o.manifest.run.events = o.set.events();
  o.manifest.run.horizon = done.consumed ? o.set.end() : core::SimTime::zero();
  o.manifest.run.status = manifest_status(done.status);
  o.info.wall_seconds = o.manifest.run.wall_seconds = seconds_since(wall_start);
  if (out) {
    io::ResultFolder::File aggregate = out->create("replications.json");
    o.set.write_json(o.info, [&](std::string_view piece) { aggregate.write(piece); });
    aggregate.close();
    out->write("manifest.json", io::run_manifest_json(o.manifest, files));
  }
  return o;
}

}  // namespace drill::engine
