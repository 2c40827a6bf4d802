// Counts every global allocation (tests/support/allocation_counter.cpp), so
// it lives in its own executable: the replaced operator new applies to the
// whole binary.
#include <gtest/gtest.h>

#include <string>

#include "core/metrics/collector.hpp"
#include "core/simulation.hpp"
#include "models/comms/network.hpp"
#include "models/entity_kinds.hpp"
#include "tests/support/allocation_counter.hpp"

namespace drill::models::comms {
namespace {

TEST(CommsAllocation, SteadyStateMessagesAllocateNothing) {
  core::Simulation sim({.seed = 9});
  core::metrics::Collector collector(entity_kinds());
  NetworkSpec spec;
  const int n = 10;
  for (int i = 0; i < n; ++i) {
    NodeSpec node;
    node.name = "n" + std::to_string(i);
    node.nation = "GBR";
    spec.nodes.push_back(node);
  }
  for (int i = 0; i + 1 < n; ++i) {
    LinkSpec l;
    l.name = "l" + std::to_string(i);
    l.nodes = {"n" + std::to_string(i), "n" + std::to_string(i + 1)};
    l.bandwidth_bps = 64000;
    l.loss_probability = 0.1;
    spec.links.push_back(l);
  }
  spec.ack_timeout = core::seconds(5);
  Network net(sim, collector, spec);
  std::vector<NodeId> ids;
  for (int i = 0; i < n; ++i) ids.push_back(net.node("n" + std::to_string(i)));
  std::uint64_t step = 0;
  const auto traffic = [&](int messages) {
    for (int i = 0; i < messages; ++i, ++step) {
      sim.run_until(sim.now() + core::milliseconds(200));
      drill::v1::Message& m = net.compose(Flow::logistics_status);
      m.mutable_logistics_status()->set_fuel_tonnes(static_cast<double>(step));
      m.mutable_envelope()->add_destination_nodes(ids[step % n].index());
      m.mutable_envelope()->set_acknowledge(step % 3 == 0);
      net.send(ids[(step * 7 + 3) % n], m);
    }
  };
  traffic(20'000);  // pools, queues, routes and the event set reach their peak
  const std::uint64_t before = test_support::allocations();
  const int messages = 50'000;
  traffic(messages);
  const std::uint64_t allocations = test_support::allocations() - before;
  // Messages composed for their flow are recycled with their payloads, so
  // neither the heap nor the arena (which would take a heap block) grows.
  EXPECT_EQ(allocations, 0u);
  EXPECT_GT(net.totals().delivered, 40'000u);
}

}  // namespace
}  // namespace drill::models::comms
