// The comms network against closed forms: one link's delivery time, M/D/1
// queueing, binomial loss, age of information of periodic reports; routing
// and re-routing; releasability as a randomised property; determinism.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/distributions.hpp"
#include "core/metrics/collector.hpp"
#include "core/simulation.hpp"
#include "models/comms/network.hpp"
#include "models/entity_kinds.hpp"

namespace drill::models::comms {
namespace {

using core::Duration;
using core::SimTime;
using core::metrics::Collector;

// Records every message event; the message is copied only where asked for.
struct Recorder : MessageListener {
  struct Row {
    MessageEventKind kind;
    SimTime time;
    std::uint32_t node;
    std::uint32_t link;
    std::uint64_t id;
    std::vector<std::uint32_t> releasable;
  };
  std::vector<Row> rows;
  void on_message_event(const MessageEvent& e) override {
    const auto& env = e.message->envelope();
    rows.push_back(Row{e.kind, e.time, e.node.index(), e.link, env.message_id(),
                       {env.releasable_nations().begin(), env.releasable_nations().end()}});
  }
  std::size_t count(MessageEventKind k) const {
    std::size_t n = 0;
    for (const Row& r : rows) n += r.kind == k;
    return n;
  }
};

// Delivery times and queueing delays as the addressee sees them.
struct Sink : MessageReceiver {
  std::vector<double> latency_s;
  std::vector<SimTime> at;
  const core::Simulation* sim = nullptr;
  void receive(NodeId, const drill::v1::Message& m) override {
    latency_s.push_back((sim->now() - SimTime::from_ticks(m.envelope().created_us())).seconds());
    at.push_back(sim->now());
  }
};

NodeSpec node(std::string name, std::string nation, bool track_age = false) {
  NodeSpec n;
  n.name = std::move(name);
  n.nation = std::move(nation);
  n.track_age = track_age;
  return n;
}

LinkSpec link(std::string name, LinkKind kind, std::vector<std::string> nodes, Duration delay, double bps) {
  LinkSpec l;
  l.name = std::move(name);
  l.kind = kind;
  l.nodes = std::move(nodes);
  l.delay = delay;
  l.bandwidth_bps = bps;
  return l;
}

// A logistics status of fixed content (so of fixed size) from `from` to `to`.
std::uint64_t send_status(Network& net, NodeId from, NodeId to, double fuel = 812.5) {
  drill::v1::Message& m = net.compose();
  auto& s = *m.mutable_logistics_status();
  s.set_unit(7);
  s.set_fuel_tonnes(fuel);
  s.set_fuel_fraction(0.62);
  s.set_readiness(drill::v1::READINESS_FULLY_CAPABLE);
  s.set_latitude_deg(56.1);
  s.set_longitude_deg(-4.2);
  m.mutable_envelope()->add_destination_nodes(to.index());
  return net.send(from, m);
}

double series_value(Collector& c, SimTime now, std::string_view name, std::vector<std::string> labels,
                    bool mean = false) {
  const auto snap = c.snapshot(now);
  for (std::size_t i = 0; i < snap.size(); ++i) {
    if (snap.descriptor(i).name != name) continue;
    bool match = true;
    for (std::size_t k = 0; k < labels.size(); ++k) match = match && snap.series(i).labels[k].value == labels[k];
    if (match) return mean ? snap.values(i).mean : snap.values(i).value;
  }
  ADD_FAILURE() << "no series " << name;
  return NAN;
}

TEST(CommsLink, DeliveryTimeIsDelayPlusSizeTimesEightOverBandwidthExactly) {
  core::Simulation sim({.seed = 1});
  Collector collector(entity_kinds());
  NetworkSpec spec;
  spec.nodes = {node("ship", "GBR"), node("hq", "GBR")};
  spec.links = {link("sat", LinkKind::satellite, {"ship", "hq"}, core::milliseconds(250), 8000.0)};
  Network net(sim, collector, spec);
  Sink sink;
  sink.sim = &sim;
  net.set_receiver(net.node("hq"), &sink);
  Recorder rec;
  net.add_listener(&rec);

  sim.run_until(core::at(core::seconds(10)));
  send_status(net, net.node("ship"), net.node("hq"));
  sim.run_until(core::at(core::seconds(20)));
  ASSERT_EQ(sink.at.size(), 1u);
  ASSERT_EQ(rec.count(MessageEventKind::delivered), 1u);
  // The same message built outside the network: its serialized size plus the
  // satellite's default overhead is what the link carried; at 8000 bit/s a
  // byte takes exactly 1 ms.
  const SimTime sent = core::at(core::seconds(10));
  drill::v1::Message m;
  auto& s = *m.mutable_logistics_status();
  s.set_unit(7);
  s.set_fuel_tonnes(812.5);
  s.set_fuel_fraction(0.62);
  s.set_readiness(drill::v1::READINESS_FULLY_CAPABLE);
  s.set_latitude_deg(56.1);
  s.set_longitude_deg(-4.2);
  auto& env = *m.mutable_envelope();
  env.add_destination_nodes(net.node("hq").index());
  env.set_message_id(rec.rows[0].id);
  env.set_origin_node(net.node("ship").index());
  env.set_created_us(sent.ticks());
  const auto expected_bytes = static_cast<std::int64_t>(m.ByteSizeLong()) + default_overhead_bytes(LinkKind::satellite);
  EXPECT_EQ(sink.at[0], sent + core::milliseconds(250) + core::milliseconds(expected_bytes));
}

TEST(CommsLink, PoissonMessagesOfOneSizeWaitAsMD1PredictsWithinTheConfidenceInterval) {
  core::Simulation sim({.seed = 42});
  Collector collector(entity_kinds());
  NetworkSpec spec;
  spec.nodes = {node("a", "GBR"), node("b", "GBR")};
  LinkSpec l = link("sat", LinkKind::satellite, {"a", "b"}, core::milliseconds(250), 8000.0);
  l.overhead_bytes = 0;
  l.buffer_messages = 1'000'000;
  spec.links = {l};
  // One size for every message: find it, then pad with overhead to 100 bytes
  // so the service time is exactly 0.1 s.
  std::int64_t size = 0;
  {
    core::Simulation probe_sim;
    Collector probe_collector(entity_kinds());
    Network probe(probe_sim, probe_collector, spec);
    Recorder rec;
    probe.add_listener(&rec);
    probe_sim.run_until(core::at(core::seconds(1)));
    send_status(probe, probe.node("a"), probe.node("b"));
    Sink sink;
    sink.sim = &probe_sim;
    probe.set_receiver(probe.node("b"), &sink);
    probe_sim.run_until(core::at(core::seconds(5)));
    ASSERT_EQ(sink.at.size(), 1u);
    size = (sink.at[0] - core::at(core::seconds(1)) - core::milliseconds(250)).ticks() / 1000;
  }
  ASSERT_GT(size, 0);
  ASSERT_LT(size, 100);
  spec.links[0].overhead_bytes = 100 - size;
  Network net(sim, collector, spec);
  Sink sink;
  sink.sim = &sim;
  net.set_receiver(net.node("b"), &sink);

  const double service = 0.1;
  const double rho = 0.7;
  const double lambda = rho / service;
  const int n = 200'000;
  struct Source {
    core::Simulation* sim;
    Network* net;
    core::Distribution gap;
    core::RandomStream rng;
    int left;
    void next() {
      sim->schedule(Duration::from_ticks(std::max<std::int64_t>(1, std::llround(gap.sample(rng) * 1e6))), [this] {
        send_status(*net, net->node("a"), net->node("b"));
        if (--left > 0) next();
      });
    }
  } source{&sim, &net, core::Distribution::exponential(1.0 / lambda), sim.stream("arrivals"), n};
  sim.schedule(core::seconds(1), [&] { source.next(); });
  sim.run_until(core::at(core::hours(200)));
  ASSERT_EQ(sink.latency_s.size(), static_cast<std::size_t>(n));

  // Waiting time = latency - service - delay; batch means over 20 batches
  // after discarding the first 5 % as warm-up.
  const std::size_t skip = n / 20;
  const std::size_t batches = 20;
  const std::size_t per = (n - skip) / batches;
  std::vector<double> means;
  for (std::size_t b = 0; b < batches; ++b) {
    double sum = 0;
    for (std::size_t i = 0; i < per; ++i) sum += sink.latency_s[skip + b * per + i] - service - 0.25;
    means.push_back(sum / per);
  }
  double mean = 0;
  for (double m : means) mean += m;
  mean /= batches;
  double var = 0;
  for (double m : means) var += (m - mean) * (m - mean);
  var /= batches - 1;
  const double half = 2.093 * std::sqrt(var / batches);  // t(0.975, 19)
  const double pk = rho * service / (2 * (1 - rho));     // Pollaczek-Khinchine for M/D/1
  EXPECT_NEAR(mean, pk, half) << "mean wait " << mean << " vs " << pk << " +- " << half;
  EXPECT_LT(half, 0.1 * pk);  // the interval is tight enough to mean something
  // The link is busy a share rho of the time; the queue holds lambda Wq (Little).
  net.publish(sim.now());
  const double busy = series_value(collector, sim.now(), "link_utilisation", {"sat"}, true);
  const double horizon = sim.now().seconds();
  const double busy_share = busy * horizon / (static_cast<double>(n) * service);
  EXPECT_NEAR(busy_share, 1.0, 1e-9);  // exactly n services of 0.1 s
  const double queue = series_value(collector, sim.now(), "link_queue_length", {"sat"}, true) * horizon;
  EXPECT_NEAR(queue / n, mean, 0.05 * pk);  // queue-seconds per message = its mean wait
}

TEST(CommsLink, LossMatchesItsProbabilityWithinABinomialInterval) {
  core::Simulation sim({.seed = 7});
  Collector collector(entity_kinds());
  NetworkSpec spec;
  spec.nodes = {node("a", "GBR"), node("b", "GBR")};
  LinkSpec l = link("radio", LinkKind::line_of_sight, {"a", "b"}, core::milliseconds(1), 64000.0);
  l.loss_probability = 0.2;
  spec.links = {l};
  Network net(sim, collector, spec);
  const int n = 20'000;
  for (int i = 0; i < n; ++i) {
    sim.run_until(core::at(core::seconds(i + 1)));
    send_status(net, net.node("a"), net.node("b"));
  }
  sim.run_until(core::at(core::seconds(n + 10)));
  const double p = 0.2;
  const double expected = n * p;
  const double half = 1.96 * std::sqrt(n * p * (1 - p));
  EXPECT_NEAR(static_cast<double>(net.totals().lost), expected, half);
  EXPECT_EQ(net.totals().lost + net.totals().delivered, static_cast<std::uint64_t>(n));
  EXPECT_DOUBLE_EQ(series_value(collector, sim.now(), "messages_lost", {"logistics_status", "radio"}),
                   static_cast<double>(net.totals().lost));
}

TEST(CommsLink, PeriodicReportsOverAFixedDelayHaveMeanAgeDelayPlusHalfThePeriod) {
  core::Simulation sim({.seed = 3});
  Collector collector(entity_kinds());
  NetworkSpec spec;
  spec.nodes = {node("ship", "GBR"), node("hq", "GBR", /*track_age=*/true)};
  LinkSpec l = link("sat", LinkKind::satellite, {"ship", "hq"}, core::seconds(2), 8000.0);
  spec.links = {l};
  Network net(sim, collector, spec);
  Sink sink;
  sink.sim = &sim;
  net.set_receiver(net.node("hq"), &sink);
  const Duration period = core::seconds(60);
  const int reports = 500;
  for (int i = 0; i < reports; ++i) {
    sim.run_until(core::at(core::seconds(10) + period * i));
    send_status(net, net.node("ship"), net.node("hq"));
  }
  sim.run_until(sim.now() + core::seconds(30));
  ASSERT_EQ(sink.latency_s.size(), static_cast<std::size_t>(reports));
  const double d = sink.latency_s.front();  // the delay plus the transmission time, the same for all
  for (double x : sink.latency_s) ASSERT_DOUBLE_EQ(x, d);
  // At the last delivery the age has run through whole periods.
  net.publish(sink.at.back());
  EXPECT_NEAR(series_value(collector, sim.now(), "age_of_information_mean", {"hq", "ship"}), d + 30.0, 1e-6);
  EXPECT_NEAR(series_value(collector, sim.now(), "age_of_information_max", {"hq", "ship"}), d + 60.0, 1e-6);
}

// Between reports the age grows without an event: publish_links leaves the
// age gauges as of the last report (a changed-only sample does not list
// them), publish brings them up to now.
TEST(CommsLink, AgesGrowOnlyWhenPublishedNotWhenLinksAre) {
  core::Simulation sim({.seed = 3});
  Collector collector(entity_kinds());
  NetworkSpec spec;
  spec.nodes = {node("ship", "GBR"), node("hq", "GBR", /*track_age=*/true)};
  spec.links = {link("sat", LinkKind::satellite, {"ship", "hq"}, core::seconds(2), 8000.0)};
  Network net(sim, collector, spec);
  send_status(net, net.node("ship"), net.node("hq"));
  sim.run_until(core::at(core::minutes(1)));
  using Read = Collector::Read;
  net.publish(sim.now());
  (void)collector.changes(sim.now(), Read::everything);
  const auto listed = [&](std::string_view measure) {
    const auto& ch = collector.changes(sim.now(), Read::changed);
    for (const auto& c : ch.changed())
      if (ch.descriptor(c).name == measure) return true;
    return false;
  };
  sim.run_until(core::at(core::hours(1)));
  net.publish_links(sim.now());
  EXPECT_FALSE(listed("age_of_information_mean"));
  const double stale = series_value(collector, sim.now(), "age_of_information_max", {"hq", "ship"});
  net.publish(sim.now());
  EXPECT_TRUE(listed("age_of_information_mean"));
  const double now = series_value(collector, sim.now(), "age_of_information_max", {"hq", "ship"});
  EXPECT_GT(now, stale + 3500.0);
}

// a - c directly over slow HF; a - b - c over two fast satellite hops.
NetworkSpec triangle() {
  NetworkSpec spec;
  spec.nodes = {node("a", "GBR"), node("b", "GBR"), node("c", "GBR")};
  LinkSpec hf = link("hf", LinkKind::hf, {"a", "c"}, core::seconds(2), 2400.0);
  hf.setup_time = core::seconds(5);
  LinkSpec ab = link("ab", LinkKind::satellite, {"a", "b"}, core::milliseconds(250), 64000.0);
  ab.outages = {{core::at(core::seconds(100)), core::at(core::seconds(200))}};
  LinkSpec bc = link("bc", LinkKind::satellite, {"b", "c"}, core::milliseconds(250), 64000.0);
  spec.links = {hf, ab, bc};
  return spec;
}

TEST(CommsRouting, TakesTheFasterPathAndReroutesWhenALinkGoesDown) {
  core::Simulation sim({.seed = 1});
  Collector collector(entity_kinds());
  Network net(sim, collector, triangle());
  Recorder rec;
  net.add_listener(&rec);
  const auto received_over = [&](std::uint64_t id) {
    std::vector<std::uint32_t> links;
    for (const auto& r : rec.rows)
      if (r.id == id && r.kind == MessageEventKind::received) links.push_back(r.link);
    return links;
  };
  sim.run_until(core::at(core::seconds(50)));
  const std::uint64_t first = send_status(net, net.node("a"), net.node("c"));
  sim.run_until(core::at(core::seconds(150)));
  EXPECT_FALSE(net.link_up(net.link("ab")));
  const std::uint64_t second = send_status(net, net.node("a"), net.node("c"));
  sim.run_until(core::at(core::seconds(250)));
  EXPECT_TRUE(net.link_up(net.link("ab")));
  const std::uint64_t third = send_status(net, net.node("a"), net.node("c"));
  sim.run_until(core::at(core::seconds(300)));

  const std::vector<std::uint32_t> fast = {net.link("ab").index(), net.link("bc").index()};
  const std::vector<std::uint32_t> slow = {net.link("hf").index()};
  EXPECT_EQ(received_over(first), fast);
  EXPECT_EQ(received_over(second), slow);
  EXPECT_EQ(received_over(third), fast);
  EXPECT_EQ(net.totals().delivered, 3u);
}

TEST(CommsRouting, HFSetsUpBeforeItsFirstMessageAfterIdle) {
  core::Simulation sim({.seed = 1});
  Collector collector(entity_kinds());
  NetworkSpec spec;
  spec.nodes = {node("a", "GBR"), node("c", "GBR")};
  LinkSpec hf = link("hf", LinkKind::hf, {"a", "c"}, core::seconds(2), 8000.0);
  hf.setup_time = core::seconds(5);
  hf.overhead_bytes = 0;
  spec.links = {hf};
  Network net(sim, collector, spec);
  Sink sink;
  sink.sim = &sim;
  net.set_receiver(net.node("c"), &sink);
  sim.run_until(core::at(core::seconds(10)));
  send_status(net, net.node("a"), net.node("c"));
  send_status(net, net.node("a"), net.node("c"));
  sim.run_until(core::at(core::seconds(100)));
  ASSERT_EQ(sink.at.size(), 2u);
  // Set-up once, then two transmissions back to back.
  const Duration tx = (sink.at[1] - sink.at[0]);
  EXPECT_EQ(sink.at[0], core::at(core::seconds(10) + core::seconds(5) + tx + core::seconds(2)));
}

TEST(CommsRouting, LineOfSightIsUpOnlyWithinTheRadioHorizonAsHostsMove) {
  core::Simulation sim({.seed = 1});
  Collector collector(entity_kinds());
  NetworkSpec spec;
  NodeSpec a = node("a", "GBR");
  a.antenna_height_ft = 100;
  a.position = {50.0, 0.0};
  NodeSpec b = node("b", "GBR");
  b.antenna_height_ft = 100;  // range 1.23 * (10 + 10) = 24.6 nm
  // Steams north from a at 10 kn: 1 nm every 6 minutes.
  b.host = [](SimTime t) { return LatLon{50.0 + t.hours() * 10.0 / 60.0, 0.0}; };
  spec.nodes = {a, b};
  spec.links = {link("los", LinkKind::line_of_sight, {"a", "b"}, core::milliseconds(1), 9600.0)};
  Network net(sim, collector, spec);
  EXPECT_DOUBLE_EQ(radio_horizon_nm(100, 100), 24.6);
  sim.run_until(core::at(core::hours(2)));  // 20 nm
  EXPECT_TRUE(net.link_up(net.link("los")));
  sim.run_until(core::at(core::hours(2) + core::minutes(30)));  // 25 nm
  EXPECT_FALSE(net.link_up(net.link("los")));
}

TEST(CommsQueue, AFullBufferDropsTheLowestPrecedenceForAFlashMessage) {
  core::Simulation sim({.seed = 1});
  Collector collector(entity_kinds());
  NetworkSpec spec;
  spec.nodes = {node("a", "GBR"), node("b", "GBR")};
  LinkSpec l = link("sat", LinkKind::satellite, {"a", "b"}, core::milliseconds(250), 2400.0);
  l.buffer_messages = 2;
  spec.links = {l};
  Network net(sim, collector, spec);
  Recorder rec;
  net.add_listener(&rec);
  sim.run_until(core::at(core::seconds(1)));
  for (int i = 0; i < 4; ++i) send_status(net, net.node("a"), net.node("b"));  // one in service, two queued, one dropped
  drill::v1::Message& flash = net.compose();
  flash.mutable_order()->set_tasked_unit(3);
  flash.mutable_envelope()->set_priority(drill::v1::PRIORITY_FLASH);
  flash.mutable_envelope()->add_destination_nodes(net.node("b").index());
  const std::uint64_t flash_id = net.send(net.node("a"), flash);
  sim.run_until(core::at(core::seconds(60)));
  EXPECT_EQ(net.totals().dropped, 2u);
  EXPECT_EQ(net.totals().delivered, 3u);
  // The flash order overtook the routine message still queued.
  std::vector<std::uint64_t> delivered;
  for (const auto& r : rec.rows)
    if (r.kind == MessageEventKind::delivered) delivered.push_back(r.id);
  ASSERT_EQ(delivered.size(), 3u);
  EXPECT_EQ(delivered[1], flash_id);
}

TEST(CommsAcknowledgement, RetransmissionsCarryRequestsOverALossyLink) {
  core::Simulation sim({.seed = 11});
  Collector collector(entity_kinds());
  NetworkSpec spec;
  spec.nodes = {node("ship", "GBR"), node("cell", "GBR")};
  LinkSpec l = link("radio", LinkKind::line_of_sight, {"ship", "cell"}, core::milliseconds(5), 9600.0);
  l.loss_probability = 0.4;
  spec.links = {l};
  spec.ack_timeout = core::seconds(5);
  spec.max_retransmissions = 20;
  Network net(sim, collector, spec);
  const int n = 200;
  for (int i = 0; i < n; ++i) {
    sim.run_until(core::at(core::minutes(i + 1)));
    drill::v1::Message& m = net.compose();
    m.mutable_support_request()->set_kind(drill::v1::SUPPORT_KIND_REPLENISHMENT);
    m.mutable_envelope()->set_acknowledge(true);
    m.mutable_envelope()->add_destination_nodes(net.node("cell").index());
    net.send(net.node("ship"), m);
  }
  sim.run_until(core::at(core::minutes(n + 30)));
  EXPECT_DOUBLE_EQ(series_value(collector, sim.now(), "messages_delivered", {"support_request", "cell"}), n);
  EXPECT_GT(net.totals().retransmitted, 0u);
  EXPECT_DOUBLE_EQ(series_value(collector, sim.now(), "messages_retransmitted", {"support_request", "ship"}),
                   static_cast<double>(net.totals().retransmitted));
  // Every record has been settled and recycled.
  EXPECT_EQ(net.live_messages(), 0u);
}

// A random network over three nations with random traffic of random
// releasability and addressing.
struct RandomRun {
  std::unique_ptr<core::Simulation> sim;
  std::unique_ptr<Collector> collector;
  std::unique_ptr<Network> net;
  Recorder rec;
  std::vector<std::string> node_nation;  // by node entity index

  RandomRun(std::uint64_t seed, RelayPolicy policy) {
    sim = std::make_unique<core::Simulation>(core::SimulationOptions{.seed = seed});
    collector = std::make_unique<Collector>(entity_kinds());
    core::RandomStream rng = sim->stream("test.topology");
    const char* nations[] = {"GBR", "FRA", "USA"};
    NetworkSpec spec;
    spec.relay_policy = policy;
    const int n = static_cast<int>(rng.uniform_int(4, 14));
    for (int i = 0; i < n; ++i) {
      NodeSpec ns = node("n" + std::to_string(i), nations[rng.uniform_int(0, 2)]);
      ns.groups = {rng.uniform_int(0, 1) ? "tg1" : "tg2"};
      ns.track_age = i == 0;
      spec.nodes.push_back(ns);
    }
    const int links = static_cast<int>(rng.uniform_int(n - 1, 2 * n));
    for (int i = 0; i < links; ++i) {
      const auto a = rng.uniform_int(0, n - 1);
      auto b = rng.uniform_int(0, n - 2);
      if (b >= a) ++b;
      const auto kind = static_cast<LinkKind>(rng.uniform_int(0, 2));
      std::vector<std::string> members = {"n" + std::to_string(a), "n" + std::to_string(b)};
      if (kind != LinkKind::line_of_sight && rng.uniform_int(0, 1)) {
        const auto c = rng.uniform_int(0, n - 1);
        if (c != a && c != b) members.push_back("n" + std::to_string(c));
      }
      LinkSpec l = link("l" + std::to_string(i), kind, members, core::milliseconds(rng.uniform_int(1, 3000)),
                        static_cast<double>(rng.uniform_int(1200, 64000)));
      l.loss_probability = rng.uniform01() * 0.2;
      l.buffer_messages = static_cast<std::uint32_t>(rng.uniform_int(2, 20));
      l.setup_time = core::seconds(rng.uniform_int(0, 5));
      l.random_outages = {core::minutes(rng.uniform_int(10, 120)), core::minutes(rng.uniform_int(1, 20))};
      l.range_nm = 1000;  // fixed nodes at the origin: in range
      spec.links.push_back(l);
    }
    spec.ack_timeout = core::seconds(20);
    net = std::make_unique<Network>(*sim, *collector, spec);
    net->add_listener(&rec);
    for (const NodeSpec& ns : spec.nodes) {
      const NodeId id = net->node(ns.name);
      if (node_nation.size() <= id.index()) node_nation.resize(id.index() + 1);
      node_nation[id.index()] = ns.nation;
    }
    core::RandomStream traffic = sim->stream("test.traffic");
    for (int i = 0; i < 400; ++i) {
      sim->run_until(core::at(core::seconds(10 * (i + 1))));
      drill::v1::Message& m = net->compose();
      m.mutable_contact_report()->set_track_number(static_cast<std::uint64_t>(i));
      auto& env = *m.mutable_envelope();
      for (const char* nat : nations)
        if (traffic.uniform01() < 0.5) {
          try {
            env.add_releasable_nations(net->nation(nat).index());
          } catch (const std::out_of_range&) {
          }
        }
      switch (traffic.uniform_int(0, 3)) {
        case 0: env.mutable_group()->set_kind(drill::v1::GROUP_KIND_ALL); break;
        case 1:
          env.mutable_group()->set_kind(drill::v1::GROUP_KIND_NATION);
          env.mutable_group()->set_id(net->nation_of(net->node("n" + std::to_string(traffic.uniform_int(0, n - 1)))).index());
          break;
        case 2:
          env.mutable_group()->set_kind(drill::v1::GROUP_KIND_GROUP);
          env.mutable_group()->set_id(net->group(traffic.uniform_int(0, 1) ? "tg1" : "tg2"));
          break;
        default:
          for (int k = 0; k < 3; ++k)
            env.add_destination_nodes(net->node("n" + std::to_string(traffic.uniform_int(0, n - 1))).index());
      }
      env.set_acknowledge(traffic.uniform01() < 0.3);
      env.set_priority(static_cast<drill::v1::Priority>(traffic.uniform_int(1, 4)));
      net->send(net->node("n" + std::to_string(traffic.uniform_int(0, n - 1))), m);
    }
    sim->run_until(core::at(core::hours(3)));
  }

  bool releasable(const Recorder::Row& row, std::uint64_t origin_node) const {
    const std::string& nat = node_nation[row.node];
    if (row.releasable.empty()) return nat == node_nation[origin_node];
    for (std::uint32_t r : row.releasable)
      if (collector->names().name(NationId(r)) == nat) return true;
    return false;
  }
};

TEST(CommsReleasability, NeverDeliveredToANationItIsNotReleasableTo) {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    for (const RelayPolicy policy : {RelayPolicy::forward_without_delivering, RelayPolicy::avoid_foreign_relays}) {
      RandomRun run(seed, policy);
      std::size_t delivered = 0;
      std::map<std::uint64_t, std::uint32_t> origin;
      for (const auto& row : run.rec.rows) {
        if (row.kind == MessageEventKind::created) origin[row.id] = row.node;
        if (row.kind == MessageEventKind::delivered) {
          ++delivered;
          EXPECT_TRUE(run.releasable(row, origin.at(row.id))) << "seed " << seed << " message " << row.id;
        }
        // Avoiding foreign relays: no node of another nation ever holds it.
        if (policy == RelayPolicy::avoid_foreign_relays && row.kind == MessageEventKind::received) {
          EXPECT_TRUE(run.releasable(row, origin.at(row.id))) << "seed " << seed << " relayed " << row.id;
        }
      }
      EXPECT_GT(delivered, 0u) << "seed " << seed;
    }
  }
}

TEST(CommsDeterminism, SameSeedSameFingerprintAndCounts) {
  RandomRun a(5, RelayPolicy::forward_without_delivering);
  RandomRun b(5, RelayPolicy::forward_without_delivering);
  RandomRun c(6, RelayPolicy::forward_without_delivering);
  EXPECT_EQ(a.sim->fingerprint().value(), b.sim->fingerprint().value());
  EXPECT_EQ(a.rec.rows.size(), b.rec.rows.size());
  EXPECT_EQ(a.net->totals().delivered, b.net->totals().delivered);
  EXPECT_EQ(a.net->totals().lost, b.net->totals().lost);
  EXPECT_NE(a.sim->fingerprint().value(), c.sim->fingerprint().value());
}

TEST(CommsTrace, EveryEventOfACopyBecomesATraceRecordCarryingTheMessage) {
  core::Simulation sim({.seed = 1});
  Collector collector(entity_kinds());
  NetworkSpec spec;
  spec.nodes = {node("a", "GBR"), node("b", "GBR"), node("c", "GBR")};
  spec.links = {link("ab", LinkKind::satellite, {"a", "b"}, core::milliseconds(250), 8000.0),
                link("bc", LinkKind::line_of_sight, {"b", "c"}, core::milliseconds(1), 8000.0)};
  spec.links[1].range_nm = 10;
  Network net(sim, collector, spec);
  struct Tracer : MessageListener {
    std::vector<drill::v1::TraceRecord> records;
    void on_message_event(const MessageEvent& e) override {
      drill::v1::TraceRecord r;
      to_trace_record(e, records.size(), r);
      drill::v1::TraceRecord back;  // through the wire format, as a reader sees it
      EXPECT_TRUE(back.ParseFromString(r.SerializeAsString()));
      records.push_back(back);
    }
  } tracer;
  net.add_listener(&tracer);
  sim.run_until(core::at(core::seconds(1)));
  const std::uint64_t id = send_status(net, net.node("a"), net.node("c"));
  sim.run_until(core::at(core::seconds(10)));
  using K = drill::v1::MessageEventKind;
  const std::vector<K> expected = {drill::v1::MESSAGE_EVENT_KIND_CREATED,     drill::v1::MESSAGE_EVENT_KIND_QUEUED,
                                   drill::v1::MESSAGE_EVENT_KIND_TRANSMITTED, drill::v1::MESSAGE_EVENT_KIND_RECEIVED,
                                   drill::v1::MESSAGE_EVENT_KIND_QUEUED,      drill::v1::MESSAGE_EVENT_KIND_TRANSMITTED,
                                   drill::v1::MESSAGE_EVENT_KIND_RECEIVED,    drill::v1::MESSAGE_EVENT_KIND_DELIVERED};
  ASSERT_EQ(tracer.records.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& r = tracer.records[i];
    EXPECT_EQ(r.sequence(), i);
    EXPECT_EQ(r.message_event().kind(), expected[i]) << i;
    EXPECT_EQ(r.message_event().message().envelope().message_id(), id);
    EXPECT_TRUE(r.message_event().message().has_logistics_status());
    EXPECT_EQ(r.message_event().node().kind(), drill::v1::ENTITY_KIND_NODE);
  }
  EXPECT_EQ(tracer.records[3].message_event().node().id(), net.node("b").index());  // relayed at b
  EXPECT_EQ(tracer.records[5].message_event().link().id(), net.link("bc").index());
  EXPECT_EQ(tracer.records.back().message_event().destination().id(), net.node("c").index());
  EXPECT_GE(tracer.records.back().time_us(), tracer.records.front().time_us());
}

TEST(CommsMeasures, UtilisationAfterAWarmUpResetCountsOnlyTimeSinceTheReset) {
  core::Simulation sim({.seed = 1});
  Collector collector(entity_kinds());
  NetworkSpec spec;
  spec.nodes = {node("a", "GBR"), node("b", "GBR")};
  spec.links = {link("sat", LinkKind::satellite, {"a", "b"}, core::milliseconds(250), 8000.0)};
  Network net(sim, collector, spec);
  sim.run_until(core::at(core::seconds(1)));
  send_status(net, net.node("a"), net.node("b"));  // busy for about 0.15 s; no event marks the end
  sim.run_until(core::at(core::seconds(10)));
  collector.reset(sim.now());
  sim.run_until(core::at(core::seconds(20)));
  net.publish(sim.now());
  EXPECT_DOUBLE_EQ(series_value(collector, sim.now(), "link_utilisation", {"sat"}, true), 0.0);
  send_status(net, net.node("a"), net.node("b"));
  sim.run_until(core::at(core::seconds(30)));
  net.publish(sim.now());
  const double busy_s = series_value(collector, sim.now(), "link_utilisation", {"sat"}, true) * 20.0;
  EXPECT_GT(busy_s, 0.1);
  EXPECT_LT(busy_s, 0.3);
}

}  // namespace
}  // namespace drill::models::comms
