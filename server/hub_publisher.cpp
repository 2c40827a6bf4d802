#include "server/hub_publisher.hpp"

namespace drill::server {

void HubPublisher::on_activity(const core::metrics::ActivityRecord& record) {
  // Called inside the model's noexcept code: a failed allocation loses the
  // record for the live view only.
  if (record.subject.kind != core::metrics::EntityKind::unit) return;  // link outages are not unit rows
  if (static_cast<std::size_t>(record.activity) >= kActivityKinds.size()) return;
  try {
    pending_.push_back(record);
  } catch (...) {
  }
}

void HubPublisher::on_boundary(const engine::SliceBoundary& b) {
  if (b.first()) {
    const core::metrics::NameTable& names = b.model().collector().names();
    std::vector<std::string> units;
    for (std::uint32_t i = 0; i < names.size(core::metrics::EntityKind::unit); ++i)
      units.push_back(names.name(core::metrics::EntityRef{core::metrics::EntityKind::unit, i}));
    hub_.set_units(std::move(units));
  }
  Publication p;
  p.now_us = b.now().ticks();
  p.events = b.events();
  if (!pending_.empty()) {
    const core::metrics::NameTable& names = b.model().collector().names();
    // Each start and end as the row's state then; the hub keeps the latest.
    p.rows.reserve(pending_.size());
    for (const core::metrics::ActivityRecord& r : pending_) {
      const auto kind = static_cast<std::uint8_t>(r.activity);
      const std::uint64_t key = (static_cast<std::uint64_t>(r.subject.index) << 8) | kind;
      if (r.edge == core::metrics::ActivityEdge::start) {
        ActivityRow row;
        row.id = next_row_++;
        row.unit = r.subject.index;
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
