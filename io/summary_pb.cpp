#include "io/summary_pb.hpp"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <cstdio>
#include <stdexcept>

#include "io/metric_snapshot_pb.hpp"

namespace drill::io {

namespace {
drill::v1::RunStatus to_proto(SummaryManifest::Status s) {
  switch (s) {
    case SummaryManifest::Status::completed: return drill::v1::RUN_STATUS_COMPLETED;
    case SummaryManifest::Status::stopped: return drill::v1::RUN_STATUS_STOPPED;
    case SummaryManifest::Status::failed: return drill::v1::RUN_STATUS_FAILED;
  }
  return drill::v1::RUN_STATUS_UNSPECIFIED;
}
}  // namespace

drill::v1::RunSummary make_run_summary(const SummaryManifest& mf, const core::metrics::Snapshot& snap) {
  drill::v1::RunSummary s;
  auto& m = *s.mutable_manifest();
  m.set_tool_version(mf.tool_version);
  m.set_git_revision(mf.git_revision);
  for (const auto& arg : mf.command_line) m.add_command_line(arg);
  m.set_config_path(mf.config_path);
  m.set_config_sha256(mf.config_sha256);
  m.set_seed(mf.seed);
  m.set_replication(mf.replication);
  char fp[17];
  std::snprintf(fp, sizeof fp, "%016llx", static_cast<unsigned long long>(mf.fingerprint));
  m.set_fingerprint(fp);
  m.set_events(mf.events);
  m.set_horizon_us(mf.horizon.ticks());
  m.set_calendar_start(iso8601_utc(mf.calendar_start, core::SimTime::zero()));
  m.set_wall_seconds(mf.wall_seconds);
  m.set_host(mf.host);
  m.set_status(to_proto(mf.status));
  s.set_time_us(snap.time().ticks());
  s.set_since_us(snap.since().ticks());
  append_measures(snap, *s.mutable_measures());
  return s;
}

std::string summary_pb(const SummaryManifest& manifest, const core::metrics::Snapshot& final_snapshot) {
  const drill::v1::RunSummary s = make_run_summary(manifest, final_snapshot);
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    if (!s.SerializeToCodedStream(&coded)) throw std::runtime_error("summary.pb: serialization failed");
  }
  return bytes;
}

}  // namespace drill::io
