#include "server/set_publisher.hpp"

#include <string>

namespace drill::server {

void SetPublisher::publish_progress() {
  std::string json = "[";
  bool first = true;
  for (const auto& [replication, p] : running_) {
    if (!first) json += ',';
    first = false;
    json += "{\"replication\":" + std::to_string(replication) + ",\"now_us\":" + std::to_string(p.now.ticks()) +
            ",\"horizon_us\":" + std::to_string(p.horizon.ticks()) + ",\"events\":" + std::to_string(p.events) + "}";
  }
  json += ']';
  hub_.set_replications(done_, std::move(json));
}

void SetPublisher::on_progress(const engine::ReplicationProgress& progress) {
  running_[progress.replication] = progress;
  publish_progress();
  if (next_) next_->on_progress(progress);
}

void SetPublisher::on_replication(const engine::RunResult& result, std::uint64_t done) {
  done_ = done;
  events_ += result.events;
  running_.erase(result.replication);
  aggregate_.add(io::ReplicationRun{result.replication, result.fingerprint_hex(), result.events,
                                    result.final_snapshot, result.tasks});
  const auto now = std::chrono::steady_clock::now();
  if (done >= planned_ || now - aggregate_rendered_ >= std::chrono::milliseconds(500)) {
    aggregate_rendered_ = now;
    hub_.set_aggregate(aggregate_.measures_json(info_));
  }
  if (result.replication == shown_) {
    // Its final instruments, as one read of everything.
    const core::metrics::Snapshot& s = result.final_snapshot;
    auto catalog = std::make_shared<core::metrics::Catalog>();
    catalog->kinds = s.kinds();
    catalog->descriptors = s.descriptors();
    SampleCopy copy{s.time(), s.since(), nullptr, {}};
    for (std::size_t i = 0; i < s.size(); ++i) {
      catalog->series.push_back(s.series(i));
      copy.changed.push_back({static_cast<std::uint32_t>(i), s.values(i)});
    }
    copy.catalog = std::move(catalog);
    Publication p;
    p.now_us = result.end.ticks();
    p.events = result.events;
    p.sample = std::move(copy);
    hub_.publish(std::move(p));
    hub_.set_tasks(result.tasks);
    hub_.set_shown_run(Hub::ShownRun{.fingerprint = result.fingerprint,
                                     .events = result.events,
                                     .end_us = result.end.ticks(),
                                     .completed = result.status == engine::RunStatus::completed});
  }
  publish_progress();
  if (next_) next_->on_replication(result, done);
}

}  // namespace drill::server
