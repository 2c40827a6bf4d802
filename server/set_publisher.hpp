// The hub's view of a set of replications: per-replication progress and
// the replications done, the aggregate of those done so far (folded in
// replication order as the result set folds them, so the last one equals
// replications.json's figures; rendered at most twice a second while the
// set runs, and at its last replication), and the instruments and tasks of
// the replication shown in detail once it has finished. A ReplicationObserver, so it runs
// on the thread that consumes the replications (never a worker); it
// forwards every call to `next` (a progress line) as well.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>

#include "engine/replications.hpp"
#include "io/replications.hpp"
#include "io/run_report.hpp"
#include "server/hub.hpp"

namespace drill::server {

class SetPublisher final : public engine::ReplicationObserver {
 public:
  /// `info` names the drill, its hash and seed in the aggregate; `planned`
  /// is the set's size.
  SetPublisher(Hub& hub, std::uint64_t shown_replication, io::RunInfo info, std::uint64_t planned,
               engine::ReplicationObserver* next = nullptr)
      : hub_(hub), shown_(shown_replication), info_(std::move(info)), planned_(planned), next_(next) {}

  void on_progress(const engine::ReplicationProgress& progress) override;
  void on_replication(const engine::RunResult& result, std::uint64_t done) override;

 private:
  void publish_progress();

  Hub& hub_;
  std::uint64_t shown_;
  io::RunInfo info_;
  std::uint64_t planned_;
  io::ReplicationSet aggregate_;
  std::chrono::steady_clock::time_point aggregate_rendered_{};
  engine::ReplicationObserver* next_;
  std::uint64_t done_ = 0;
  std::uint64_t events_ = 0;  // of the replications done
  std::map<std::uint64_t, engine::ReplicationProgress> running_;
};

}  // namespace drill::server
