#include <gtest/gtest.h>

#include <google/protobuf/io/coded_stream.h>

#include <sstream>
#include <streambuf>
#include <string>
#include <type_traits>
#include <vector>

#include "core/metrics/collector.hpp"
#include "core/simulation.hpp"
#include "drill/v1/trace.pb.h"
#include "io/result_files.hpp"
#include "io/trace_writer.hpp"
#include "models/comms/network.hpp"
#include "models/entity_kinds.hpp"
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

/// A file that takes `room` bytes and then refuses every write, as a full
/// disk or a file size limit does: the refusal comes out of the stream as
/// the exception the result folder throws.
class FullFile final : public std::streambuf {
 public:
  explicit FullFile(std::size_t room) : room_(room) {}
  std::size_t written = 0;

 private:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    if (written + static_cast<std::size_t>(n) > room_)
      throw ResultError("cannot write events.pb: No space left on device");
    written += static_cast<std::size_t>(n);
    return n;
  }
  int_type overflow(int_type ch) override {
    char c = traits_type::to_char_type(ch);
    return xsputn(&c, 1) == 1 ? ch : traits_type::eof();
  }
  std::size_t room_;
};

// Records come from noexcept model paths: a refused write must not throw
// out of the listener callback. The writer keeps the failure, writes
// nothing more, and check() throws it for the run engine.
TEST(TraceWriter, AFailedWriteIsKeptNotThrownAndNothingMoreIsWritten) {
  static_assert(
      noexcept(std::declval<TraceWriter&>().on_activity(std::declval<const models::ActivityRecord&>())));
  static_assert(
      noexcept(std::declval<TraceWriter&>().on_message_event(std::declval<const models::comms::MessageEvent&>())));
  const auto run = testing::make_sample_run(core::hours(1));
  FullFile file(40);  // room for the first record only
  std::ostream out(&file);
  out.exceptions(std::ios::badbit);
  TraceWriter writer(run.collector->names(), out);
  EXPECT_NO_THROW(writer.check());
  for (const auto& a : run.activities) EXPECT_NO_THROW(writer.on_activity(a));
  EXPECT_TRUE(writer.failed());
  EXPECT_EQ(writer.records(), 1u);
  const std::size_t written = file.written;
  EXPECT_NO_THROW(writer.on_activity(run.activities.front()));
  EXPECT_EQ(file.written, written);
  EXPECT_THROW(writer.check(), ResultError);
}

// One status report over one satellite link between two nodes: the network
// tells created, queued, transmitted, received and delivered, in that order,
// and the writer names the node, the link and the addressee and carries the
// message itself.
TEST(TraceWriter, WritesMessageEventsWithTheMessage) {
  namespace comms = models::comms;
  core::Simulation sim({.seed = 1});
  core::metrics::Collector collector(models::entity_kinds());
  comms::NetworkSpec spec;
  comms::NodeSpec hq;
  hq.name = "northwood";
  hq.nation = "GBR";
  comms::NodeSpec ship = hq;
  ship.name = "argyll_ops";
  spec.nodes = {hq, ship};
  comms::LinkSpec sat;
  sat.name = "skynet";
  sat.kind = comms::LinkKind::satellite;
  sat.nodes = {"argyll_ops", "northwood"};
  sat.delay = core::milliseconds(250);
  sat.bandwidth_bps = 64'000;
  spec.links = {sat};
  comms::Network net(sim, collector, spec);

  std::ostringstream out;
  TraceWriter writer(collector.names(), out);
  net.add_listener(&writer);
  drill::v1::Message& m = net.compose(comms::Flow::logistics_status);
  m.mutable_logistics_status()->set_fuel_tonnes(812.5);
  m.mutable_envelope()->add_destination_nodes(net.node("northwood").index());
  net.send(net.node("argyll_ops"), m);
  sim.run_until(core::at(core::minutes(1)));

  const auto records = read_delimited(out.str());
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(writer.message_records(), 5u);
  using K = drill::v1::MessageEventKind;
  const K kinds[] = {drill::v1::MESSAGE_EVENT_KIND_CREATED, drill::v1::MESSAGE_EVENT_KIND_QUEUED,
                     drill::v1::MESSAGE_EVENT_KIND_TRANSMITTED, drill::v1::MESSAGE_EVENT_KIND_RECEIVED,
                     drill::v1::MESSAGE_EVENT_KIND_DELIVERED};
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    SCOPED_TRACE(i);
    EXPECT_EQ(r.sequence(), i);
    ASSERT_TRUE(r.has_message_event());
    EXPECT_FALSE(r.has_subject());
    EXPECT_EQ(r.message_event().kind(), kinds[i]);
    EXPECT_EQ(r.message_event().message().logistics_status().fuel_tonnes(), 812.5);
    EXPECT_EQ(r.message_event().node().kind(), drill::v1::ENTITY_KIND_NODE);
  }
  EXPECT_EQ(records[0].message_event().node().name(), "argyll_ops");
  EXPECT_FALSE(records[0].message_event().has_destination());
  EXPECT_EQ(records[2].message_event().link().name(), "skynet");
  EXPECT_EQ(records[2].message_event().link().kind(), drill::v1::ENTITY_KIND_LINK);
  EXPECT_EQ(records[4].message_event().node().name(), "northwood");
  EXPECT_EQ(records[4].message_event().destination().name(), "northwood");
  EXPECT_GT(records[4].time_us(), records[0].time_us());
}

TEST(TraceWriter, EveryActivityAndEntityKindHasItsProtoValue) {
  for (std::size_t a = 0; a < models::kActivityCount; ++a)
    EXPECT_NE(to_proto(static_cast<models::Activity>(a)), drill::v1::ACTIVITY_UNSPECIFIED);
  for (auto k : models::kEntityKinds) {
    EXPECT_NE(to_proto(k), drill::v1::ENTITY_KIND_UNSPECIFIED);
    EXPECT_EQ(drill::v1::EntityKind_Name(to_proto(k)), "ENTITY_KIND_" + [&] {
      std::string s(models::kEntityKindNames[k.value]);
      for (char& c : s) c = static_cast<char>(std::toupper(c));
      return s;
    }());
  }
}

}  // namespace
}  // namespace drill::io
