// drill_comms_bench: pushes messages through a comms network of many nodes
// (the workload of bench/comms_workload.hpp, which `drillsim bench comms`
// also runs) and prints wall time, message rate and what became of the
// copies, as one line of key=value pairs.
//
//   drill_comms_bench [--messages N] [--nodes N] [--seed S] [--rate PER_SECOND]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/comms_workload.hpp"

namespace {

struct Options {
  std::uint64_t messages = 1'000'000;
  std::uint32_t nodes = 100;
  std::uint64_t seed = 1;
  double rate = 400.0;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const char* v = argv[i + 1];
    if (key == "--messages") o.messages = std::strtoull(v, nullptr, 10);
    else if (key == "--nodes") o.nodes = static_cast<std::uint32_t>(std::strtoul(v, nullptr, 10));
    else if (key == "--seed") o.seed = std::strtoull(v, nullptr, 10);
    else if (key == "--rate") o.rate = std::strtod(v, nullptr);
    else {
      std::fprintf(stderr, "unknown option %s\n", key.c_str());
      std::exit(2);
    }
  }
  if (argc % 2 == 0 || o.nodes < 20 || o.rate <= 0) {
    std::fprintf(stderr, "usage: drill_comms_bench [--messages N] [--nodes N>=20] [--seed S] [--rate R>0]\n");
    std::exit(2);
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const auto r = drill::bench::comms_traffic({.messages = o.messages, .nodes = o.nodes, .seed = o.seed, .rate = o.rate});
  std::printf(
      "messages=%llu nodes=%u links=%zu wall_s=%.3f messages_per_s=%.0f events=%llu sim_s=%.0f "
      "copies_sent=%llu delivered=%llu lost=%llu dropped=%llu expired=%llu retransmitted=%llu "
      "serialized_bytes=%llu fingerprint=%016llx\n",
      static_cast<unsigned long long>(r.messages), r.nodes, r.links, r.seconds,
      static_cast<double>(r.messages) / r.seconds, static_cast<unsigned long long>(r.events), r.simulated_seconds,
      static_cast<unsigned long long>(r.copies_sent), static_cast<unsigned long long>(r.delivered),
      static_cast<unsigned long long>(r.lost), static_cast<unsigned long long>(r.dropped),
      static_cast<unsigned long long>(r.expired), static_cast<unsigned long long>(r.retransmitted),
      static_cast<unsigned long long>(r.serialized_bytes), static_cast<unsigned long long>(r.fingerprint));
  return 0;
}
