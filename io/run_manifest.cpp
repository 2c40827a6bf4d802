#include "io/run_manifest.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "io/json_writer.hpp"

namespace drill::io {

namespace {
constexpr int kFormatVersion = 3;

std::string hex16(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

drill::v1::RunStatus status_proto(RunManifest::Status s) {
  switch (s) {
    case RunManifest::Status::completed: return drill::v1::RUN_STATUS_COMPLETED;
    case RunManifest::Status::stopped: return drill::v1::RUN_STATUS_STOPPED;
    case RunManifest::Status::failed: return drill::v1::RUN_STATUS_FAILED;
  }
  return drill::v1::RUN_STATUS_UNSPECIFIED;
}
}  // namespace

const char* status_name(RunManifest::Status status) noexcept {
  switch (status) {
    case RunManifest::Status::completed: return "completed";
    case RunManifest::Status::stopped: return "stopped";
    case RunManifest::Status::failed: return "failed";
  }
  return "unknown";
}

std::string run_manifest_json(const ResultManifest& rm, std::vector<FileRecord> files) {
  std::sort(files.begin(), files.end(), [](const FileRecord& a, const FileRecord& b) { return a.name < b.name; });
  const RunManifest& m = rm.run;
  JsonWriter j;
  j.begin_object();
  j.field("format", "drillsim.manifest");
  j.field("format_version", kFormatVersion);
  j.field("tool", "drillsim");
  j.field("tool_version", m.tool_version);
  j.field("git_revision", m.git_revision);
  j.key("command_line").begin_array();
  for (const auto& arg : m.command_line) j.value(arg);
  j.end_array();
  j.field("drill", rm.drill_name);
  j.field("config_path", m.config_path);
  j.field("config_sha256", m.config_sha256);
  if (!rm.overrides.empty()) {
    j.key("overrides").begin_array();
    for (const ManifestOverride& o : rm.overrides) {
      j.begin_object();
      j.field("path", o.path);
      j.field("value", o.value);
      j.end_object();
    }
    j.end_array();
  }
  j.field("seed", m.seed);
  if (rm.replication_set)
    j.field("replications", rm.replications);
  else
    j.field("replication", static_cast<std::uint64_t>(m.replication));
  j.field("fingerprint", hex16(m.fingerprint));
  j.field("events", m.events);
  j.field("horizon", core::format(rm.requested_end));
  j.field("horizon_hours", rm.requested_end.hours());
  j.field("simulated_end", core::format(m.horizon));
  j.field("simulated_end_hours", m.horizon.hours());
  j.key("calendar_start");
  if (m.calendar_start)
    j.value(iso8601_utc(*m.calendar_start, core::SimTime::zero()));
  else
    j.null();
  j.field("calendar_label", rm.calendar_label);
  j.field("status", status_name(m.status));
  j.field("started_at", rm.started_at);
  j.field("wall_seconds", m.wall_seconds);
  j.field("host", m.host);
  j.key("files").begin_array();
  j.begin_object();
  j.field("name", "manifest.json");
  j.end_object();
  for (const FileRecord& f : files) {
    j.begin_object();
    j.field("name", f.name);
    j.field("bytes", f.bytes);
    j.field("sha256", f.sha256);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

void fill_run_manifest(const RunManifest& mf, drill::v1::RunManifest& m) {
  m.set_tool_version(mf.tool_version);
  m.set_git_revision(mf.git_revision);
  m.clear_command_line();
  for (const auto& arg : mf.command_line) m.add_command_line(arg);
  m.set_config_path(mf.config_path);
  m.set_config_sha256(mf.config_sha256);
  m.set_seed(mf.seed);
  m.set_replication(mf.replication);
  m.set_fingerprint(hex16(mf.fingerprint));
  m.set_events(mf.events);
  m.set_horizon_us(mf.horizon.ticks());
  m.set_calendar_start(mf.calendar_start ? iso8601_utc(*mf.calendar_start, core::SimTime::zero()) : std::string());
  m.set_wall_seconds(mf.wall_seconds);
  m.set_host(mf.host);
  m.set_status(status_proto(mf.status));
}

std::string host_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') return "unknown";
  return host;
}

std::string utc_now_iso8601() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return iso8601_utc(CalendarStart(now.time_since_epoch()), core::SimTime::zero());
}

}  // namespace drill::io
