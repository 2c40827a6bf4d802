// The network through an outage and at D+0: precedence after a link comes
// back, acknowledgement timers of parked copies, and message sizes that do
// not depend on the send time.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/metrics/collector.hpp"
#include "core/simulation.hpp"
#include "models/comms/network.hpp"
#include "models/entity_kinds.hpp"

namespace drill::models::comms {
namespace {

using core::Duration;
using core::SimTime;
using core::metrics::Collector;

struct Arrivals : MessageReceiver {
  std::vector<std::uint64_t> ids;
  std::vector<SimTime> at;
  std::vector<std::size_t> bytes;
  const core::Simulation* sim = nullptr;
  void receive(NodeId, const drill::v1::Message& m) override {
    ids.push_back(m.envelope().message_id());
    at.push_back(sim->now());
    bytes.push_back(m.ByteSizeLong());
  }
};

NetworkSpec two_nodes(std::vector<OutageWindow> outages) {
  NetworkSpec spec;
  spec.nodes.resize(2);
  spec.nodes[0].name = "a";
  spec.nodes[0].nation = "GBR";
  spec.nodes[1].name = "b";
  spec.nodes[1].nation = "GBR";
  LinkSpec l;
  l.name = "sat";
  l.nodes = {"a", "b"};
  l.delay = core::milliseconds(250);
  l.bandwidth_bps = 8000.0;  // a byte takes 1 ms
  l.outages = std::move(outages);
  spec.links = {l};
  return spec;
}

std::uint64_t send_order(Network& net, drill::v1::Priority priority, bool ack = false) {
  drill::v1::Message& m = net.compose();
  m.mutable_order()->set_tasked_unit(3);
  m.mutable_envelope()->set_priority(priority);
  m.mutable_envelope()->set_acknowledge(ack);
  m.mutable_envelope()->add_destination_nodes(net.node("b").index());
  return net.send(net.node("a"), m);
}

TEST(CommsOutage, ImmediateParkedAfterRoutineGoesFirstWhenTheLinkComesBack) {
  core::Simulation sim({.seed = 1});
  Collector collector(entity_kinds());
  Network net(sim, collector, two_nodes({{core::at(core::seconds(10)), core::at(core::seconds(100))}}));
  Arrivals rx;
  rx.sim = &sim;
  net.set_receiver(net.node("b"), &rx);
  sim.run_until(core::at(core::seconds(20)));
  ASSERT_FALSE(net.link_up(net.link("sat")));
  const std::uint64_t routine = send_order(net, drill::v1::PRIORITY_ROUTINE);
  const std::uint64_t immediate = send_order(net, drill::v1::PRIORITY_IMMEDIATE);
  sim.run_until(core::at(core::seconds(200)));
  ASSERT_EQ(rx.ids.size(), 2u);
  EXPECT_EQ(rx.ids[0], immediate);
  EXPECT_EQ(rx.ids[1], routine);
  EXPECT_LT(rx.at[0], rx.at[1]);
}

TEST(CommsOutage, NoRetransmissionWhileACopyIsParkedAtItsOrigin) {
  core::Simulation sim({.seed = 1});
  Collector collector(entity_kinds());
  NetworkSpec spec = two_nodes({{core::at(core::seconds(10)), core::at(core::seconds(200))}});
  spec.ack_timeout = core::seconds(30);
  spec.max_retransmissions = 3;
  Network net(sim, collector, spec);
  Arrivals rx;
  rx.sim = &sim;
  net.set_receiver(net.node("b"), &rx);
  sim.run_until(core::at(core::seconds(20)));
  send_order(net, drill::v1::PRIORITY_PRIORITY, /*ack=*/true);
  // Parked for 180 s, six acknowledgement time-outs long: nothing is sent again.
  sim.run_until(core::at(core::seconds(400)));
  EXPECT_EQ(net.totals().retransmitted, 0u);
  ASSERT_EQ(rx.ids.size(), 1u);
  EXPECT_EQ(net.totals().delivered, 2u);  // the order and its acknowledgement
  EXPECT_EQ(net.live_messages(), 0u);
}

TEST(CommsOutage, AFullOriginBufferStillRetransmitsAfterTheTimeout) {
  core::Simulation sim({.seed = 1});
  Collector collector(entity_kinds());
  NetworkSpec spec = two_nodes({});
  spec.links[0].buffer_messages = 1;
  spec.links[0].drop_policy = DropPolicy::drop_newest;
  spec.ack_timeout = core::seconds(30);
  Network net(sim, collector, spec);
  Arrivals rx;
  rx.sim = &sim;
  net.set_receiver(net.node("b"), &rx);
  sim.run_until(core::at(core::seconds(1)));
  for (int i = 0; i < 3; ++i) send_order(net, drill::v1::PRIORITY_PRIORITY, /*ack=*/true);  // one sent, one queued, one dropped
  sim.run_until(core::at(core::seconds(120)));
  EXPECT_EQ(net.totals().dropped, 1u);
  EXPECT_EQ(net.totals().retransmitted, 1u);
  EXPECT_EQ(rx.ids.size(), 3u);
}

TEST(CommsMessageSize, AMessageAtDPlusZeroIsAsLargeAsTheSameMessageLater) {
  drill::v1::Message m;
  m.mutable_order()->set_tasked_unit(3);
  m.mutable_envelope()->set_message_id(1);
  m.mutable_envelope()->set_created_us(0);
  const std::size_t at_zero = m.ByteSizeLong();
  m.mutable_envelope()->set_created_us(core::seconds(1).ticks());
  EXPECT_EQ(m.ByteSizeLong(), at_zero);
  m.mutable_envelope()->set_created_us(core::hours(24 * 90).ticks());
  EXPECT_EQ(m.ByteSizeLong(), at_zero);

  // Through the network: the same order at D+0 and a second later takes
  // the same time on the link.
  core::Simulation sim({.seed = 1});
  Collector collector(entity_kinds());
  Network net(sim, collector, two_nodes({}));
  Arrivals rx;
  rx.sim = &sim;
  net.set_receiver(net.node("b"), &rx);
  send_order(net, drill::v1::PRIORITY_ROUTINE);
  sim.run_until(core::at(core::seconds(1)));
  send_order(net, drill::v1::PRIORITY_ROUTINE);
  sim.run_until(core::at(core::seconds(10)));
  ASSERT_EQ(rx.at.size(), 2u);
  EXPECT_EQ(rx.bytes[0], rx.bytes[1]);
  EXPECT_EQ(rx.at[0] - core::at(Duration::zero()), rx.at[1] - core::at(core::seconds(1)));
}

}  // namespace
}  // namespace drill::models::comms
