#include "server/hub_publisher.hpp"

namespace drill::server {

void HubPublisher::on_activity(const models::ActivityRecord& record) {
  // Called inside the model's noexcept code: a failed allocation loses the
  // record for the live view only.
  if (record.subject.kind != models::kind::unit) return;  // link outages are not unit rows
  if (static_cast<std::size_t>(record.activity) >= kActivityKinds.size()) return;
  try {
    pending_.push_back(record);
  } catch (...) {
  }
}

void HubPublisher::on_message_event(const models::comms::MessageEvent& event) {
  MessageRow row;
  row.t_us = event.time.ticks();
  row.event = static_cast<std::uint8_t>(event.kind);
  row.node = event.node.index();
  row.destination = event.destination.index();
  row.link = event.link == models::comms::kNoLink ? MessageRow::kNoMessageLink : event.link;
  row.attempt = event.attempt;
  if (event.message != nullptr) {
    row.type = static_cast<std::uint8_t>(event.message->payload_case());
    row.message = event.message->envelope().message_id();
  }
  // Inside the network's noexcept code: a failed allocation loses the
  // event for the live view only.
  try {
    pending_messages_.push_back(row);
  } catch (...) {
  }
}

void HubPublisher::on_boundary(const engine::SliceBoundary& b) {
  const core::metrics::NameTable& names = b.model().collector().names();
  if (b.first()) {
    // The dashboard data's units, in its order (ships, then aircraft): the
    // rows name them by that index, as the recorder's document does.
    std::vector<std::uint32_t> doc_unit(names.size(models::kind::unit), Hub::kNoActivityUnit);
    std::vector<std::string> units;
    std::vector<UnitFacts> facts;
    for (const models::DrillModel::UnitInfo& u : b.model().units()) {
      doc_unit[u.unit.index()] = static_cast<std::uint32_t>(units.size());
      units.push_back(u.name);
      facts.push_back(UnitFacts{u.aircraft ? "aircraft" : "ship", u.unit_class, u.group, u.base});
    }
    hub_.set_units(std::move(units), std::move(facts));
    hub_.set_activity_units(std::move(doc_unit));
  }
  {
    // The names rows and message rows refer to (the network names its
    // nodes and links as it is built; handed over again only if more
    // appear).
    std::size_t all = 0;
    for (const core::metrics::EntityKind k : models::kEntityKinds) all += names.size(k);
    if (all != names_handed_) {
      hub_.set_names(names);
      names_handed_ = all;
    }
    const std::size_t nodes = names.size(models::kind::node);
    const std::size_t links = names.size(models::kind::link);
    if (nodes != nodes_named_ || links != links_named_) {
      std::vector<std::string> node_names, link_names;
      for (std::uint32_t i = 0; i < nodes; ++i) node_names.push_back(names.name({models::kind::node, i}));
      for (std::uint32_t i = 0; i < links; ++i) link_names.push_back(names.name({models::kind::link, i}));
      hub_.set_network(std::move(node_names), std::move(link_names));
      nodes_named_ = nodes;
      links_named_ = links;
    }
  }
  motions_.clear();
  if (b.sampled()) {
    // The ships whose motion changed since the last sample (all at the
    // first): the hub works out their positions, and so the tracks, on
    // its own thread; here no trigonometry.
    const models::ShipMotionReads& reads = b.ship_motions();
    for (const std::uint32_t i : reads.changed())
      motions_.push_back(ShipMotionChange{i, reads.motions()[i].unit, reads.motions()[i].motion});
  }
  activities_.clear();
  activities_.swap(pending_);
  messages_.clear();
  messages_.swap(pending_messages_);
  hub_.publish_boundary(b.now().ticks(), b.events(), b.sampled() ? &b.changes() : nullptr, activities_, motions_,
                        messages_);
  const auto now = std::chrono::steady_clock::now();
  if (b.last() || now - tasks_read_ >= std::chrono::seconds(1)) {
    tasks_read_ = now;
    hub_.set_tasks(b.model().task_outcomes());
  }
}

}  // namespace drill::server
