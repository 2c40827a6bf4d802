// Fuzzes the pending-event structures against each other and against a
// reference model: a fuzzed sequence of schedule (with ties in time and
// priority), cancel and step drives one Simulation per structure, and each
// must execute the events in the reference order, (time, priority,
// insertion), and agree on what was cancelled. Bytes are read three at a
// time: an operation, then two bytes of argument.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <tuple>
#include <vector>

#include "core/simulation.hpp"

namespace {

using namespace drill::core;

struct Op {
  std::uint8_t code;
  std::uint16_t arg;
};

/// The order the kernel promises, computed the plain way.
std::vector<int> reference(const std::vector<Op>& ops) {
  using Key = std::tuple<std::int64_t, int, int>;  // time, priority, id (= insertion order)
  std::set<Key> pending;
  std::vector<Key> by_id;
  std::vector<int> order;
  std::int64_t now = 0;
  auto pop = [&] {
    const Key k = *pending.begin();
    pending.erase(pending.begin());
    now = std::get<0>(k);
    order.push_back(std::get<2>(k));
  };
  for (const Op& op : ops) {
    switch (op.code % 4) {
      case 0:
      case 1: {  // schedule: small gaps and four priorities make ties common
        const Key k{now + (op.arg % 64) * 1000, (op.arg >> 6) % 4 * 60, static_cast<int>(by_id.size())};
        by_id.push_back(k);
        pending.insert(k);
        break;
      }
      case 2:  // cancel an earlier event (stale if it ran or was cancelled)
        if (!by_id.empty()) pending.erase(by_id[op.arg % by_id.size()]);
        break;
      case 3:
        if (!pending.empty()) pop();
        break;
    }
  }
  while (!pending.empty()) pop();
  return order;
}

std::vector<int> run(QueueKind kind, const std::vector<Op>& ops) {
  Simulation sim(SimulationOptions{.seed = 1, .replication = 0, .queue = kind});
  std::vector<EventHandle> handles;
  std::vector<int> order;
  for (const Op& op : ops) {
    switch (op.code % 4) {
      case 0:
      case 1: {
        const int id = static_cast<int>(handles.size());
        handles.push_back(sim.schedule_at(sim.now() + microseconds((op.arg % 64) * 1000),
                                          [&order, id] { order.push_back(id); }, EventTag{},
                                          static_cast<Priority>((op.arg >> 6) % 4 * 60)));
        break;
      }
      case 2:
        if (!handles.empty()) sim.cancel(handles[op.arg % handles.size()]);
        break;
      case 3:
        sim.step();
        break;
    }
  }
  sim.run();
  return order;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<Op> ops;
  for (std::size_t i = 0; i + 3 <= size && ops.size() < 20000; i += 3)
    ops.push_back(Op{data[i], static_cast<std::uint16_t>(data[i + 1] | (data[i + 2] << 8))});
  const std::vector<int> expected = reference(ops);
  for (QueueKind kind : kAllQueueKinds)
    if (run(kind, ops) != expected) std::abort();
  return 0;
}
