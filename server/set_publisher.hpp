// The hub's view of a set of replications: per-replication progress and
// the replications done, and the instruments and tasks of the replication
// shown in detail once it has finished. A ReplicationObserver, so it runs
// on the thread that consumes the replications (never a worker); it
// forwards every call to `next` (a progress line) as well.
#pragma once

#include <cstdint>
#include <map>

#include "engine/replications.hpp"
#include "server/hub.hpp"

namespace drill::server {

class SetPublisher final : public engine::ReplicationObserver {
 public:
  SetPublisher(Hub& hub, std::uint64_t shown_replication, engine::ReplicationObserver* next = nullptr)
      : hub_(hub), shown_(shown_replication), next_(next) {}

  void on_progress(const engine::ReplicationProgress& progress) override;
  void on_replication(const engine::RunResult& result, std::uint64_t done) override;

 private:
  void publish_progress();

  Hub& hub_;
  std::uint64_t shown_;
  engine::ReplicationObserver* next_;
  std::uint64_t done_ = 0;
  std::uint64_t events_ = 0;  // of the replications done
  std::map<std::uint64_t, engine::ReplicationProgress> running_;
};

}  // namespace drill::server
