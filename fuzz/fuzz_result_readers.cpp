// Fuzzes the reading of drillsim's own protobuf outputs as a client reads
// them: events.pb (length-delimited drill.v1 trace records, each a varint
// size then the record) and summary.pb (one drill.v1.RunSummary). A reader
// must stop cleanly at a bad frame (a size past the end, a truncated
// record, garbage) and never read outside the buffer; a record that parses
// must serialize back to bytes that parse to the same record.
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/delimited_message_util.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "drill/v1/run_summary.pb.h"
#include "drill/v1/trace.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    google::protobuf::io::ArrayInputStream in(data, static_cast<int>(size));
    for (int records = 0; records < 100000; ++records) {
      drill::v1::TraceRecord record;
      bool clean_eof = false;
      if (!google::protobuf::util::ParseDelimitedFromZeroCopyStream(&record, &in, &clean_eof)) break;
      const std::string bytes = record.SerializeAsString();
      drill::v1::TraceRecord again;
      if (!again.ParseFromString(bytes) || again.SerializeAsString() != bytes) std::abort();
    }
  }
  drill::v1::RunSummary summary;
  if (summary.ParseFromArray(data, static_cast<int>(size))) {
    const std::string bytes = summary.SerializeAsString();
    drill::v1::RunSummary again;
    if (!again.ParseFromString(bytes)) std::abort();
  }
  return 0;
}
