#include "io/summary_pb.hpp"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/json_util.h>

#include <stdexcept>

#include "io/metric_snapshot_pb.hpp"

namespace drill::io {

drill::v1::RunSummary make_run_summary(const RunManifest& mf, const std::string& drill_name,
                                       const core::metrics::Snapshot& snap,
                                       const std::vector<models::TaskOutcome>& tasks,
                                       const std::vector<ManifestOverride>& overrides) {
  drill::v1::RunSummary s;
  // Only what the drill file, seed and program decide: the rest is manifest.json's.
  RunManifest simulated = mf;
  simulated.command_line.clear();
  simulated.config_path.clear();
  simulated.wall_seconds = 0.0;
  simulated.host.clear();
  fill_run_manifest(simulated, *s.mutable_manifest());
  s.set_format("drillsim.summary");
  s.set_format_version(kSummaryFormatVersion);
  s.set_drill(drill_name);
  s.set_time_us(snap.time().ticks());
  s.set_since_us(snap.since().ticks());
  append_measures(snap, *s.mutable_measures());
  for (const models::TaskOutcome& t : tasks) {
    drill::v1::TaskOutcome& o = *s.add_tasks();
    o.set_name(t.name);
    o.set_kind(t.kind);
    o.set_completed(t.completed());
    o.set_on_time(t.on_time);
    if (t.completed_at) o.set_completed_at_us(t.completed_at->ticks());
    o.set_deadline_us(t.deadline.ticks());
    o.set_reason(t.reason);
  }
  for (const ManifestOverride& o : overrides) {
    drill::v1::Override& w = *s.add_overrides();
    w.set_path(o.path);
    w.set_value(o.value);
  }
  return s;
}

std::string summary_pb(const drill::v1::RunSummary& s) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    if (!s.SerializeToCodedStream(&coded)) throw std::runtime_error("summary.pb: serialization failed");
  }
  return bytes;
}

std::string summary_json(const drill::v1::RunSummary& s) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string text;
  const auto status = google::protobuf::util::MessageToJsonString(s, &text, options);
  if (!status.ok()) throw std::runtime_error("summary.json: " + std::string(status.message()));
  return text + "\n";
}

}  // namespace drill::io
