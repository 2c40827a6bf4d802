#include "io/summary_pb.hpp"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <stdexcept>

#include "io/metric_snapshot_pb.hpp"

namespace drill::io {

drill::v1::RunSummary make_run_summary(const RunManifest& mf, const core::metrics::Snapshot& snap) {
  drill::v1::RunSummary s;
  fill_run_manifest(mf, *s.mutable_manifest());
  s.set_time_us(snap.time().ticks());
  s.set_since_us(snap.since().ticks());
  append_measures(snap, *s.mutable_measures());
  return s;
}

std::string summary_pb(const RunManifest& manifest, const core::metrics::Snapshot& final_snapshot) {
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
