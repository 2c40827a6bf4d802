// Fuzzes a drill's comms section as built and run: the bytes choose the
// numbers of a small drill's network (latency, bandwidth, loss, overhead,
// buffer, line-of-sight range, outage windows, random outages, time to set
// up a link, acknowledgements and retransmissions) and of its message load
// (status every, fuel thresholds, contacts per hour), zero and huge values
// included. Whatever the loader accepts must build and run for six hours
// without a crash or a sanitizer report; what it refuses must say why.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/drill_run.hpp"
#include "models/scenario/load_drill.hpp"

namespace {

/// Reads the fuzzer's bytes as numbers; zeros once they run out.
class Bytes {
 public:
  Bytes(const std::uint8_t* d, std::size_t n) : d_(d), n_(n) {}
  std::uint32_t next() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | (i_ < n_ ? d_[i_++] : 0);
    return v;
  }
  /// Mostly small values, sometimes zero or huge.
  std::string number(std::uint32_t small_range) {
    const std::uint32_t v = next();
    switch (v % 8) {
      case 0: return "0";
      case 1: return std::to_string(v);
      default: return std::to_string(v / 8 % small_range);
    }
  }

 private:
  const std::uint8_t* d_;
  std::size_t n_;
  std::size_t i_ = 0;
};

std::string drill_text(Bytes& b) {
  // Drawn one by one in this order (an expression would leave the order
  // of the draws to the compiler).
  const std::string fuel = b.number(100), ack = b.number(600), retries = b.number(5), every = b.number(120),
                    contacts = b.number(50), h1 = b.number(200), h2 = b.number(200), sat_latency = b.number(5000),
                    sat_rate = b.number(100000), sat_loss = b.number(100), overhead = b.number(500),
                    buffer = b.number(50), out_from = b.number(6), out_until = b.number(12),
                    los_latency = b.number(100), los_rate = b.number(100000), mtbf = b.number(600),
                    mttr = b.number(120), hf_setup = b.number(60), hf_rate = b.number(9600);
  return R"(drill: {name: fuzz, horizon: 6h, seed: 3}
geography:
  points:
    - {name: a, lat: 57.0, lon: -2.0}
    - {name: b, lat: 57.5, lon: -1.0}
naval:
  classes:
    - name: frigate
      max_speed: 28 kn
      cruise_speed: 16 kn
      fuel_capacity: 400 t
      burn_at_max: 8 t/h
      hotel: 0.4 t/h
  units:
    - {name: f1, class: frigate, start: a, initial_fuel: 0.)" + fuel + R"(}
    - {name: f2, class: frigate, start: b}
comms:
  logistics_cell: hq
  ack_timeout: )" + ack + R"(s
  retransmissions: )" + retries + R"(
  reporting: {report_every: )" + every + R"(min, contacts_per_hour: )" + contacts + R"(}
  nodes:
    - {name: hq, nation: gbr, position: a, headquarters: true}
    - {name: f1, nation: gbr, host: f1, antenna_height: )" + h1 + R"( ft}
    - {name: f2, nation: nor, host: f2, antenna_height: )" + h2 + R"( ft}
  links:
    - name: sat
      kind: satellite
      nodes: [hq, f1, f2]
      latency: )" + sat_latency + R"(ms
      bandwidth: )" + sat_rate + R"( bit/s
      loss: 0.)" + sat_loss + R"(
      overhead: )" + overhead + R"(
      buffer: )" + buffer + R"(
      outages: [{from: )" + out_from + R"(h, until: )" + out_until + R"(h}]
    - name: los
      kind: radio_los
      nodes: [f1, f2]
      latency: )" + los_latency + R"(ms
      bandwidth: )" + los_rate + R"( bit/s
      random_outages: {mtbf: )" + mtbf + R"(min, mttr: )" + mttr + R"(min}
    - name: hf
      kind: hf
      nodes: [hq, f2]
      latency: 50ms
      bandwidth: )" + hf_rate + R"( bit/s
      setup_time: )" + hf_setup + R"(s
)";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes b(data, size);
  const std::string text = drill_text(b);
  const auto r = drill::models::scenario::load_drill_from_string(text, "fuzz_comms.yaml");
  if (!r.ok()) {
    if (r.diagnostics.empty()) std::abort();
    if (std::getenv("DRILL_FUZZ_SHOW")) std::fprintf(stderr, "%s\n%s", text.c_str(), format(r.diagnostics).c_str());
    return 0;
  }
  drill::engine::DrillRun run(*r.drill, drill::engine::RunSettings{.seed = 3,
                                                                    .horizon = drill::core::at(r.drill->drill.horizon),
                                                                    .slice = drill::core::minutes(1)});
  // Bounded work per input: the loader refuses drills that would run away
  // (check_load.hpp), but a drill within its bound may still be too much
  // for one fuzzing input under ASan.
  while (run.simulation().events_executed() < 200000 && run.advance()) {
  }
  (void)run.result();
  return 0;
}
