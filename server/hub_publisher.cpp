#include "server/hub_publisher.hpp"

#include "models/entity_kinds.hpp"

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
  if (b.first()) {
    // The dashboard data's units, in its order (ships, then aircraft): the
    // rows name them by that index, as the recorder's document does.
    const core::metrics::NameTable& names = b.model().collector().names();
    doc_unit_.assign(names.size(models::kind::unit), kNoUnit);
    std::vector<std::string> units;
    std::vector<UnitFacts> facts;
    for (const models::DrillModel::UnitInfo& u : b.model().units()) {
      doc_unit_[u.unit.index()] = static_cast<std::uint32_t>(units.size());
      units.push_back(u.name);
      facts.push_back(UnitFacts{u.aircraft ? "aircraft" : "ship", u.unit_class, u.group, u.base});
    }
    hub_.set_units(std::move(units), std::move(facts));
  }
  {
    // The names message rows refer to (the network names its nodes and
    // links as it is built; handed over again only if more appear).
    const core::metrics::NameTable& names = b.model().collector().names();
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
  Publication p;
  p.now_us = b.now().ticks();
  p.events = b.events();
  p.messages.swap(pending_messages_);
  if (b.sampled()) {
    // The ships' tracks as the document's recorder keeps them: a point at
    // each sample where a ship has moved.
    b.model().ship_positions(b.now(), positions_);
    if (published_.size() != positions_.size()) published_.assign(positions_.size(), models::LatLon{1e9, 1e9});
    for (std::size_t i = 0; i < positions_.size(); ++i) {
      const models::LatLon at = positions_[i].position;
      if (at == published_[i]) continue;
      published_[i] = at;
      p.tracks.push_back(TrackPoint{positions_[i].unit.index(), b.now().ticks(), at.lat_deg, at.lon_deg});
    }
  }
  if (!pending_.empty()) {
    const core::metrics::NameTable& names = b.model().collector().names();
    // Each start and end as the row's state then; the hub keeps the latest.
    p.rows.reserve(pending_.size());
    for (const models::ActivityRecord& r : pending_) {
      const auto kind = static_cast<std::uint8_t>(r.activity);
      const std::uint64_t key = (static_cast<std::uint64_t>(r.subject.index) << 8) | kind;
      if (r.subject.index >= doc_unit_.size() || doc_unit_[r.subject.index] == kNoUnit) continue;
      if (r.edge == models::ActivityEdge::start) {
        ActivityRow row;
        row.id = next_row_++;
        row.unit = doc_unit_[r.subject.index];
        row.kind = kind;
        row.start_us = r.time.ticks();
        if (r.related) row.related = names.name(*r.related);
        open_[key].push_back(row);
        p.rows.push_back(std::move(row));
      } else {
        const auto it = open_.find(key);
        if (it == open_.end() || it->second.empty()) continue;  // began before we listened
        ActivityRow row = std::move(it->second.back());
        it->second.pop_back();
        row.end_us = r.time.ticks();
        p.rows.push_back(std::move(row));
      }
    }
    pending_.clear();
  }
  if (b.sampled())
    hub_.publish(std::move(p), b.changes());
  else
    hub_.publish(std::move(p));
  const auto now = std::chrono::steady_clock::now();
  if (b.last() || now - tasks_read_ >= std::chrono::seconds(1)) {
    tasks_read_ = now;
    hub_.set_tasks(b.model().task_outcomes());
  }
}

}  // namespace drill::server
