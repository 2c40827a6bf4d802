// The comms network: nodes of nations, links (satellite, line-of-sight radio,
// HF) with delay, bandwidth, overhead, loss and outages, per-link transmit
// queues by precedence, store-and-forward relaying on the currently fastest
// path, group addressing, acknowledgement with retransmission, and coalition
// releasability. It runs on the simulation's event kernel with callback events.
//
// A message is a drill.v1.Message allocated in the network's protobuf arena.
// `compose` hands out a cleared one; the caller fills the payload and the
// envelope's addressing (destinations or a group, priority, time to live,
// releasable nations, acknowledge) and calls `send`, which stamps the id,
// origin and creation time, measures the serialized size once
// (ByteSizeLong), resolves the addressees and routes one copy to each.
// On every link a copy takes (size + the link's overhead) * 8 / bandwidth to
// transmit, rounded up to the microsecond tick, after waiting its turn in the
// link's queue, then the link's delay to arrive.
//
// Invariants:
// - Releasability: a copy is made only for an addressee whose nation is in
//   the envelope's releasable nations (an empty list: the origin's nation
//   only), so no other node ever has it delivered. Relays of other nations
//   forward without delivering, or are avoided altogether, per RelayPolicy.
// - Routing: every node forwards a copy to the next hop of the path of least
//   nominal time (delay + set-up + a 128-byte message's transmission) over
//   the links up now; paths are recomputed lazily after any link comes or
//   goes. A copy with no route waits at its node until one appears (or it
//   expires). Queue lengths do not enter the cost, so routes do not oscillate.
// - A transmission in progress when its link goes down is lost; copies in
//   the link's queue are routed again from their node.
// - HF: a copy that does not follow the previous one back to back waits
//   `setup_time` (the link busy) before its transmission; a session lasts
//   while copies follow each other.
// - A copy's loss is drawn when its transmission starts and told (LOST) at
//   the time it would have arrived; a copy being set up for or sent when its
//   link goes down is lost at once.
// - Line of sight: a link between two hosts is in range while their distance
//   is at most its range. A host moves piecewise (stands still, or sails one
//   great circle at constant speed until its piece ends, NodeSpec::motion_until);
//   the network finds the tick at which the distance next crosses the range
//   (line_of_sight.cpp) and changes the link's state exactly then. A host that
//   changes its motion says so (`host_moved`), and the crossing is found again.
// - Link state changes are signals: LinkStateListeners, a `link_down` activity
//   span (the link as subject) to the activity listener, the `link_up` gauge
//   and the `link_outages` counter per link.
// - Everything is deterministic: links draw loss and outages from their own
//   named streams ("comms.loss.LINK", "comms.outage.LINK"); ties in routing go
//   to the lower node and link index.
//
// The network schedules events of its own (random outages, range crossings,
// a day-long look-ahead for hosts that keep moving without crossing), so a
// run that uses it ends by time (`run_until`), not by an empty event set.
//
// What is measured: `message_latency` is per addressee copy (a message to
// three addressees adds three latencies, each from its release to that
// copy's first delivery); the age of information a node holds of a source is
// averaged from the arrival of the source's first report to the time it is
// published (the end of the run for the final figures); every time is in
// whole microseconds (a transmission time is rounded up to the tick, a
// random outage's duration to the nearest tick).
//
// - A link, of whatever kind, is one channel with one transmit queue: its
//   members take turns (a satellite channel shared by many nodes, a radio
//   between two). Group addresses are resolved at the origin into one copy
//   per addressee; a shared channel carries each copy separately (no
//   multicast).
// - Acknowledgement: an addressee of a message that asks for it answers with
//   an Acknowledgement message routed back to the origin (every time a copy
//   arrives, duplicates included); the origin sends a copy again after
//   `ack_timeout` without one, up to `max_retransmissions` times. The timer
//   starts when the copy leaves its origin (its transmission starts, or it
//   is dropped by the origin's full buffer), so a copy parked at its origin
//   through an outage is not sent again meanwhile; one parked at a relay after
//   it left is (its timer runs), at the cost of a duplicate copy on the way.
// - After a link comes back, every copy parked for a route is queued first
//   and the links started after, so each link sends by precedence.
//
// Costs: per message hop one event (its arrival), plus one when a copy
// waits for the link to be free (the start of its transmission); route
// look-up O(1) once a path to the destination is known, O(nodes^2 + edges)
// per destination after a change.
// Packet and message records and the messages themselves are pooled: a
// message composed for a flow reuses a settled one with its payload, so in
// steady state neither the heap nor the arena grows (a group address and a
// payload of another flow than the recycled message's come from the arena).
#pragma once

#include <google/protobuf/arena.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "core/metrics/collector.hpp"
#include "core/random.hpp"
#include "core/simulation.hpp"
#include "drill/v1/messages.pb.h"
#include "models/activity.hpp"
#include "models/comms/link_state_listener.hpp"
#include "models/comms/message_listener.hpp"
#include "models/comms/slot_pool.hpp"
#include "models/comms/spec.hpp"
#include "models/entity_kinds.hpp"

namespace drill::models::comms {

/// The information flows, one per payload type, as measures label them.
enum class Flow : std::uint8_t {
  contact_report,
  situation_report,
  logistics_status,
  support_request,
  order,
  acknowledgement,
};
inline constexpr std::size_t kFlowCount = 6;
std::string_view to_string(Flow flow) noexcept;
/// The flow of a message's payload; contact_report if it has none.
Flow flow_of(const drill::v1::Message& m) noexcept;

/// Receives the messages delivered to a node. Copy what you keep: the message
/// is recycled once the network is done with it. May send messages.
class MessageReceiver {
 public:
  virtual ~MessageReceiver() = default;
  virtual void receive(NodeId at, const drill::v1::Message& message) = 0;
};

class Network {
 public:
  /// Builds the network and registers its entities (nodes, links, nations,
  /// flows) and measures with `collector`. `spec` must keep the rules the
  /// loader checks (names unique, links of two or more distinct nodes, a
  /// positive delay unless ideal, ...; asserted in debug builds, not
  /// checked again). `sim` and `collector` must outlive the network.
  Network(core::Simulation& sim, core::metrics::Collector& collector, NetworkSpec spec);
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // ---- set-up ------------------------------------------------------------
  NodeId node(std::string_view name) const;    // throws std::out_of_range
  LinkId link(std::string_view name) const;    // throws std::out_of_range
  NationId nation(std::string_view name) const;  // throws std::out_of_range
  std::uint32_t group(std::string_view name) const;  // throws std::out_of_range
  NationId nation_of(NodeId node) const noexcept;
  std::size_t node_count() const noexcept;
  std::size_t link_count() const noexcept;
  void set_receiver(NodeId node, MessageReceiver* receiver) noexcept;
  void add_listener(MessageListener* listener);
  /// Told every link state change (outage windows, random outages, range).
  void add_link_state_listener(LinkStateListener* listener);
  /// Receives a `link_down` activity span per outage, the link as subject
  /// (the trace); null for none.
  void set_activity_listener(ActivityListener* listener) noexcept;
  /// `node`'s host changed its motion now (a ship began or ended a leg): its
  /// line-of-sight links find their next range crossing again. Needed only
  /// when the change was not foreseen by the host's `motion_until`.
  void host_moved(NodeId node) noexcept;

  // ---- sending -----------------------------------------------------------
  /// A cleared message from the arena, owned by the network until `send`.
  drill::v1::Message& compose();
  /// A cleared message whose payload is an empty `flow` payload: in steady
  /// state a recycled one, so the arena does not grow.
  drill::v1::Message& compose(Flow flow);
  /// Sends a message from `origin`. Returns its id. Addressees whose nation it
  /// is not releasable to, and the origin itself, get no copy.
  std::uint64_t send(NodeId origin, drill::v1::Message& message) noexcept;

  // ---- state -------------------------------------------------------------
  bool link_up(LinkId link) const noexcept;
  std::size_t queued(LinkId link) const noexcept;
  /// Brings the measures that change without events up to `now`: link
  /// utilisation (the end of a transmission is an event only when a copy
  /// waits for it) and the age of information (it grows between reports;
  /// between publications its gauges stand as of the last report's arrival).
  /// The model calls it before every snapshot and full read.
  void publish(core::SimTime now) noexcept;
  /// Link utilisation only: what frequent changed-only samples bring up to
  /// date, leaving the ages as of their last report (publishing them would
  /// rewrite every source's age at every sample).
  void publish_links(core::SimTime now) noexcept;
  /// Totals over the run (for tests and the bench).
  struct Totals {
    std::uint64_t sent = 0, delivered = 0, lost = 0, dropped = 0, expired = 0, retransmitted = 0;
  };
  const Totals& totals() const noexcept { return totals_; }
  /// Messages sent whose copies, timers or acknowledgements are still pending.
  std::size_t live_messages() const noexcept;

 private:
  struct Node;
  struct Link;
  struct Packet;
  struct Record;
  struct Copy;
  struct RouteTable;
  struct Measures;
  struct Age;

  // events
  void on_link_free(std::uint32_t link) noexcept;
  void idle_from(Link& link) noexcept;  // utilisation drops to 0 at link.busy_until
  void on_arrival(std::uint32_t packet) noexcept;
  void on_ack_timeout(std::uint32_t record) noexcept;
  void on_range_event(std::uint32_t link) noexcept;
  void on_window(std::uint32_t link, bool down) noexcept;
  void on_random_outage(std::uint32_t link, bool down) noexcept;

  // the path of a copy
  std::uint32_t new_packet(std::uint32_t record, std::uint32_t copy, std::uint32_t at) noexcept;
  // `start`: start the link at once (false while many copies are queued
  // together; the caller starts their links afterwards).
  void forward(std::uint32_t packet, bool start = true) noexcept;
  void enqueue(std::uint32_t link, std::uint32_t packet, bool start = true) noexcept;
  void try_transmit(std::uint32_t link) noexcept;
  void deliver(std::uint32_t packet) noexcept;
  void release_packet(std::uint32_t packet) noexcept;
  void release_ref(std::uint32_t record) noexcept;
  void transmit_copy(std::uint32_t record, std::uint32_t copy) noexcept;
  void arm_ack_timer(std::uint32_t packet) noexcept;
  void acknowledge(std::uint32_t record, std::uint32_t copy) noexcept;
  void on_acknowledgement(const drill::v1::Acknowledgement& ack) noexcept;
  bool expired(const Record& r) const noexcept;
  void expire(std::uint32_t packet) noexcept;
  void drop(std::uint32_t packet, std::uint32_t link) noexcept;

  // links and routes
  void set_link_state(std::uint32_t link, bool was_up, LinkStateCause cause) noexcept;
  // line of sight
  LatLon position_of(std::uint32_t node, core::SimTime t) const;
  bool in_range(const Link& link, core::SimTime t) const;
  void update_range(std::uint32_t link) noexcept;  // sets the state now, finds the next crossing
  core::SimTime next_crossing(std::uint32_t link, core::SimTime from) const;
  void topology_changed(std::uint32_t link_down) noexcept;
  struct Hop {
    std::uint32_t link = kNoLink;
    std::uint32_t node = 0;
  };
  Hop next_hop(std::uint32_t at, std::uint32_t dest, std::uint64_t mask) noexcept;
  void compute_column(RouteTable& table, std::uint32_t dest) noexcept;
  bool allowed(std::uint32_t node, std::uint64_t mask) const noexcept;

  void emit(MessageEventKind kind, const Record& r, std::uint32_t node, std::uint32_t link,
            std::uint32_t dest, std::uint32_t attempt) noexcept;
  void update_age(std::uint32_t receiver, std::uint32_t source, core::SimTime generated) noexcept;
  void refresh_ratio(Flow flow) noexcept;
  void schedule_random_outage(std::uint32_t link, bool down);

  core::Simulation& sim_;
  core::metrics::Collector& collector_;
  NetworkSpec spec_;
  std::unique_ptr<google::protobuf::Arena> arena_;
  std::vector<Node> nodes_;
  std::vector<Link> links_;
  std::vector<std::string> nation_names_;
  std::vector<NationId> nation_ids_;
  std::vector<std::string> group_names_;
  std::vector<std::vector<std::uint32_t>> group_members_;
  std::vector<std::uint32_t> node_by_entity_;  // NodeId index -> node index
  SlotPool<Packet> packets_;
  SlotPool<Record> records_;
  // Arena messages ready for compose, by the flow of the payload they keep
  // (the last list: no payload).
  std::array<std::vector<drill::v1::Message*>, kFlowCount + 1> free_messages_;
  std::vector<RouteTable> routes_;
  std::uint64_t route_epoch_ = 1;
  std::vector<std::uint32_t> scratch_;  // copies being routed again
  std::vector<double> dist_;            // Dijkstra scratch
  std::vector<std::uint8_t> done_;
  std::vector<MessageListener*> listeners_;
  std::vector<LinkStateListener*> link_listeners_;
  ActivityListener* activities_ = nullptr;
  std::vector<MessageReceiver*> receivers_;
  std::unique_ptr<Measures> measures_;
  std::vector<Age> ages_;                   // tracked receivers x nodes
  std::vector<std::uint32_t> age_row_;      // node -> row in ages_, or kNoLink
  std::vector<std::uint32_t> age_columns_;  // sources per row
  Totals totals_;
  std::array<std::uint64_t, kFlowCount> flow_sent_{};
  std::array<std::uint64_t, kFlowCount> flow_delivered_{};
};

}  // namespace drill::models::comms
