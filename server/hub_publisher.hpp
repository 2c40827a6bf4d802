// The simulation side of the hub: an observer of the run loop and a
// listener of unit activities and of the comms network's message events
// that copies what changed into the hub at each
// slice boundary, on the run loop's thread.
//
// It reads only what every observer may read (the boundary's one `changes`
// read, its time and event count, the task outcomes) and keeps no
// reference into the model after a call returns: the hub gets values. It
// never takes a snapshot (that would bring the comms network's ages of
// information up to date and so change which rows timeseries.csv writes),
// so a run served is byte-identical to one not served.
//
// Costs, on the run's thread: per activity record, one push into a vector;
// per message event, one push of a few integers; per sampled boundary, a
// copy of the ships' motions that changed (SliceBoundary::ship_motions: the
// loop's one read and comparison, shared with the report's recorder; no
// trigonometry); per boundary, one Hub::publish_boundary, which queues the
// changed series' values (a counter's or gauge's value alone, other kinds
// whole), the activity records, the motions and message events under a
// lock of its own. Pairing records into rows, naming, the
// series stores, the ships' positions at each sample (the track points)
// and thinning are the network side's work (the hub applies the queue
// there). The run's names are handed over
// when more appear. The task outcomes are read at most once per second of
// wall time, and at the end (that read allocates). The lists are reused:
// otherwise a boundary allocates nothing in steady state.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "engine/slice_observer.hpp"
#include "models/activity.hpp"
#include "models/comms/message_listener.hpp"
#include "models/drill_model.hpp"
#include "server/hub.hpp"

namespace drill::server {

class HubPublisher final : public engine::SliceObserver,
                           public models::ActivityListener,
                           public models::comms::MessageListener {
 public:
  explicit HubPublisher(Hub& hub) : hub_(hub) {}

  void on_boundary(const engine::SliceBoundary& b) override;
  void on_activity(const models::ActivityRecord& record) override;
  /// A message event, copied without its body (a few integers).
  void on_message_event(const models::comms::MessageEvent& event) override;

 private:
  Hub& hub_;
  std::vector<models::ActivityRecord> pending_;
  std::vector<MessageRow> pending_messages_;
  std::vector<models::ActivityRecord> activities_;    // handed over at a boundary
  std::vector<MessageRow> messages_;                         // handed over at a boundary
  std::vector<ShipMotionChange> motions_;                    // reused at each sample
  std::size_t nodes_named_ = 0;  // node and link names handed to the hub so far
  std::size_t links_named_ = 0;
  std::size_t names_handed_ = 0;  // entity names handed to the hub so far (all kinds)
  std::chrono::steady_clock::time_point tasks_read_{};
};

}  // namespace drill::server
