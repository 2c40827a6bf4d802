#include <gtest/gtest.h>

#include <google/protobuf/io/coded_stream.h>

#include <sstream>
#include <string>
#include <vector>

#include "drill/v1/trace.pb.h"
#include "io/trace_writer.hpp"
#include "sample_results.hpp"

namespace drill::io {
namespace {

std::vector<drill::v1::TraceRecord> read_delimited(const std::string& bytes) {
  std::vector<drill::v1::TraceRecord> out;
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  std::uint32_t size = 0;
  while (in.ReadVarint32(&size)) {
    const auto limit = in.PushLimit(static_cast<int>(size));
    drill::v1::TraceRecord r;
    EXPECT_TRUE(r.ParseFromCodedStream(&in));
    EXPECT_TRUE(in.ConsumedEntireMessage());
    in.PopLimit(limit);
    out.push_back(r);
  }
  EXPECT_EQ(in.CurrentPosition(), static_cast<int>(bytes.size()));
  return out;
}

TEST(TraceWriter, WritesLengthDelimitedRecordsWithNamesResolved) {
  const auto run = testing::make_sample_run(core::hours(1));
  std::ostringstream out;
  TraceWriter writer(run.collector->names(), out);
  for (const auto& a : run.activities) writer.on_activity(a);
  EXPECT_EQ(writer.records(), 4u);

  const auto records = read_delimited(out.str());
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].sequence(), 0u);
  EXPECT_EQ(records[0].time_us(), 2LL * 3600 * 1'000'000);
  EXPECT_EQ(records[0].subject().kind(), drill::v1::ENTITY_KIND_UNIT);
  EXPECT_EQ(records[0].subject().name(), "HMS \"Argyll\", F231");
  EXPECT_EQ(records[0].activity(), drill::v1::ACTIVITY_TRANSIT);
  EXPECT_EQ(records[0].edge(), drill::v1::ACTIVITY_EDGE_START);
  EXPECT_FALSE(records[0].has_related());
  EXPECT_EQ(records[2].activity(), drill::v1::ACTIVITY_REPLENISHMENT_AT_SEA);
  EXPECT_EQ(records[2].related().name(), "Tide Spring");
  EXPECT_EQ(records[2].related().id(), 1u);
  EXPECT_EQ(records[3].edge(), drill::v1::ACTIVITY_EDGE_END);
  EXPECT_EQ(records[3].sequence(), 3u);
}

TEST(TraceWriter, EveryActivityAndEntityKindHasItsProtoValue) {
  for (std::size_t a = 0; a < core::metrics::kActivityCount; ++a)
    EXPECT_NE(to_proto(static_cast<core::metrics::Activity>(a)), drill::v1::ACTIVITY_UNSPECIFIED);
  for (auto k : core::metrics::kAllEntityKinds) {
    EXPECT_NE(to_proto(k), drill::v1::ENTITY_KIND_UNSPECIFIED);
    EXPECT_EQ(drill::v1::EntityKind_Name(to_proto(k)), "ENTITY_KIND_" + [&] {
      std::string s(core::metrics::to_string(k));
      for (char& c : s) c = static_cast<char>(std::toupper(c));
      return s;
    }());
  }
}

}  // namespace
}  // namespace drill::io
