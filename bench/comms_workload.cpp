#include "bench/comms_workload.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/distributions.hpp"
#include "core/metrics/collector.hpp"
#include "core/simulation.hpp"
#include "models/comms/network.hpp"
#include "models/entity_kinds.hpp"

namespace drill::bench {
namespace {

using models::comms::LinkKind;
using models::comms::LinkSpec;
using models::comms::Network;
using models::comms::NetworkSpec;
using models::NodeId;
using models::comms::NodeSpec;

std::string name(std::uint32_t node) {
  std::string s = "n";
  s += std::to_string(node);
  return s;
}

NetworkSpec build_spec(std::uint32_t nodes) {
  static const char* kNations[] = {"GBR", "FRA", "USA", "NLD"};
  NetworkSpec spec;
  const std::uint32_t groups = nodes / 10;
  for (std::uint32_t i = 0; i < nodes; ++i) {
    NodeSpec n;
    n.name = name(i);
    n.nation = kNations[(i / 10) % 4];
    n.groups = {std::string("tg").append(std::to_string(i / 10))};
    n.position = {50.0 + 0.01 * i, 0.0};
    n.track_age = i == 0;
    spec.nodes.push_back(n);
  }
  LinkSpec sat;
  sat.name = "sat";
  sat.kind = LinkKind::satellite;
  sat.delay = core::milliseconds(250);
  sat.bandwidth_bps = 2e6;
  sat.buffer_messages = 4096;
  LinkSpec hf;
  hf.name = "hf";
  hf.kind = LinkKind::hf;
  hf.delay = core::milliseconds(20);
  hf.bandwidth_bps = 9600;
  hf.setup_time = core::seconds(5);
  hf.buffer_messages = 64;
  for (std::uint32_t g = 0; g < groups; ++g) {
    const std::uint32_t first = g * 10;
    const std::uint32_t size = g + 1 == groups ? nodes - first : 10;
    sat.nodes.push_back(name(first));
    if (g % 5 == 0) hf.nodes.push_back(name(first));
    for (std::uint32_t k = 0; k < size; ++k) {
      LinkSpec l;
      l.name = "los";
      l.name += std::to_string(first + k);
      l.kind = LinkKind::line_of_sight;
      l.nodes = {name(first + k), name(first + (k + 1) % size)};
      l.delay = core::microseconds(100);
      l.bandwidth_bps = 1e6;
      l.loss_probability = 0.01;
      l.buffer_messages = 256;
      l.range_nm = 200;
      spec.links.push_back(l);
    }
  }
  spec.links.push_back(sat);
  if (hf.nodes.size() >= 2) spec.links.push_back(hf);
  spec.ack_timeout = core::seconds(20);
  spec.max_retransmissions = 2;
  return spec;
}

struct Generator {
  core::Simulation* sim;
  Network* net;
  std::vector<NodeId> ids;
  std::vector<std::uint32_t> nations;  // every nation: traffic is releasable to all
  core::Distribution gap;
  core::RandomStream rng;
  std::uint64_t left;
  std::vector<char> buffer = std::vector<char>(4096);
  std::uint64_t serialized_bytes = 0;

  void schedule_next() {
    const auto ticks = std::max<std::int64_t>(1, std::llround(gap.sample(rng) * 1e6));
    sim->schedule(core::Duration::from_ticks(ticks), [this] { fire(); });
  }
  void fire() {
    const auto n = static_cast<std::int64_t>(ids.size());
    const std::uint32_t from = static_cast<std::uint32_t>(rng.uniform_int(0, n - 1));
    std::uint32_t to = static_cast<std::uint32_t>(rng.uniform_int(0, n - 2));
    if (to >= from) ++to;
    const auto flow = static_cast<models::comms::Flow>(rng.uniform_int(0, 4));
    drill::v1::Message& m = net->compose(flow);
    const double x = rng.uniform01();
    switch (static_cast<int>(flow)) {
      case 0: {
        auto& c = *m.mutable_contact_report();
        c.set_reporter_unit(from);
        c.set_track_number(left);
        c.set_classification(drill::v1::CONTACT_CLASS_SURFACE);
        c.set_latitude_deg(50 + x);
        c.set_longitude_deg(-x);
        c.set_course_deg(360 * x);
        c.set_speed_kn(12);
        c.set_observed_us(sim->now().ticks());
        break;
      }
      case 1: {
        auto& s = *m.mutable_situation_report();
        s.set_unit(from);
        s.set_latitude_deg(50 + x);
        s.set_longitude_deg(-x);
        s.set_readiness(drill::v1::READINESS_FULLY_CAPABLE);
        break;
      }
      case 2: {
        auto& s = *m.mutable_logistics_status();
        s.set_unit(from);
        s.set_fuel_tonnes(1000 * x);
        s.set_fuel_fraction(x);
        s.set_readiness(drill::v1::READINESS_PARTIALLY_CAPABLE);
        auto& stock = *s.add_stocks();
        stock.set_stock(1);
        stock.set_quantity(40 * x);
        break;
      }
      case 3: {
        auto& r = *m.mutable_support_request();
        r.set_requester_unit(from);
        r.set_kind(drill::v1::SUPPORT_KIND_REPLENISHMENT);
        r.set_quantity(300 * x);
        r.set_latitude_deg(50 + x);
        r.set_longitude_deg(-x);
        break;
      }
      default: {
        auto& o = *m.mutable_order();
        o.set_order_id(left);
        o.set_tasked_unit(to);
        o.set_kind(drill::v1::ORDER_KIND_REPLENISH);
        o.set_supported_unit(from);
        o.set_latitude_deg(50 + x);
        o.set_longitude_deg(-x);
        break;
      }
    }
    auto& env = *m.mutable_envelope();
    env.add_destination_nodes(ids[to].index());
    for (const std::uint32_t nat : nations) env.add_releasable_nations(nat);
    env.set_priority(static_cast<drill::v1::Priority>(rng.uniform_int(1, 4)));
    env.set_acknowledge(rng.uniform_int(0, 2) == 0);
    env.set_time_to_live_us(core::minutes(10).ticks());
    const auto size = m.ByteSizeLong();
    m.SerializeToArray(buffer.data(), static_cast<int>(size));
    serialized_bytes += size;
    net->send(ids[from], m);
    if (--left > 0) schedule_next();
  }
};

}  // namespace

CommsTrafficResult comms_traffic(const CommsTrafficConfig& c) {
  if (c.nodes < 20) throw std::invalid_argument("comms traffic: at least 20 nodes");
  if (!(c.rate > 0)) throw std::invalid_argument("comms traffic: the rate must be positive");
  const auto start = std::chrono::steady_clock::now();
  core::Simulation sim({.seed = c.seed, .queue = c.queue});
  core::metrics::Collector collector(models::entity_kinds());
  Network net(sim, collector, build_spec(c.nodes));
  Generator gen{&sim, &net, {}, {}, core::Distribution::exponential(1.0 / c.rate), sim.stream("bench.traffic"),
                c.messages};
  for (std::uint32_t i = 0; i < c.nodes; ++i) gen.ids.push_back(net.node(name(i)));
  for (const char* nation : {"GBR", "FRA", "USA", "NLD"}) {
    try {
      gen.nations.push_back(net.nation(nation).index());
    } catch (const std::out_of_range&) {
      // fewer than 40 nodes: not every nation has one
    }
  }
  if (c.messages > 0) gen.schedule_next();
  // Run until the last message has been sent and every copy settled (a day
  // past the last arrival at most, in case a copy is left without a route).
  const core::SimTime horizon = core::at(
      core::Duration::from_ticks(std::llround(static_cast<double>(c.messages) / c.rate * 1e6)) + core::days(1));
  while ((gen.left > 0 || net.live_messages() > 0) && sim.now() < horizon) sim.run_until(sim.now() + core::minutes(10));

  CommsTrafficResult r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.messages = c.messages;
  r.nodes = c.nodes;
  r.links = net.link_count();
  r.events = sim.events_executed();
  r.simulated_seconds = sim.now().seconds();
  const auto& t = net.totals();
  r.copies_sent = t.sent;
  r.delivered = t.delivered;
  r.lost = t.lost;
  r.dropped = t.dropped;
  r.expired = t.expired;
  r.retransmitted = t.retransmitted;
  r.serialized_bytes = gen.serialized_bytes;
  r.unsettled = net.live_messages();
  r.fingerprint = sim.fingerprint().value();
  return r;
}

}  // namespace drill::bench
