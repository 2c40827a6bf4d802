// Writes a small sweep.db with every table filled (two design points, runs
// with samples, aggregate, warm-up and a search probe) for the tests'
// independent reader (sweep_db_tables_test.py).
//   write_sweep_db_sample OUT.db
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "sweep/sweep_db.hpp"

int main(int argc, char** argv) {
  using namespace drill::sweep;
  if (argc != 2) {
    std::fprintf(stderr, "usage: write_sweep_db_sample OUT.db\n");
    return 2;
  }
  try {
    SweepDb db = SweepDb::create(argv[1]);
    db.set_info("sweep", "sample");
    const std::vector<SeriesKey> series{{"fuel_on_board", "ship=a", "tonnes", "mean"},
                                        {"sorties_flown", "", "", "value"},
                                        {"sorties_per_aircraft", "", "", "per_day"}};
    std::uint64_t run_id = 0;
    for (std::uint32_t p = 0; p < 2; ++p) {
      db.add_point(PointId{p}, "count=" + std::to_string(p), p == 0 ? "grid" : "search",
                   {{"naval.units[name=tidespring].count", std::to_string(p)}});
      SeriesAccumulator acc;
      for (std::uint64_t r = 0; r < 3; ++r) {
        RunOutcome o;
        o.ticket = RunTicket{PointId{p}, r};
        o.fingerprint = 0xfeed0000ULL + run_id;
        o.events = 100 + run_id;
        o.series = series;
        o.values = {500.0 - 10.0 * static_cast<double>(r), static_cast<double>(p + r), 0.5 * static_cast<double>(r)};
        o.samples = {{0, 0.0, 600.0}, {0, 3600.0, 590.0}};
        db.add_run(run_id++, 7, o, true);
        acc.add(o.values[0]);
      }
      db.set_aggregate(PointId{p}, series[0], acc.summary());
      db.set_warm_up(PointId{p}, series[0], WarmUpResult{0, 0, 0.0});
      db.set_search_probe(p, PointId{p}, p, acc.summary(), p == 1);
    }
    db.finish();  // as a sweep ends: the indices by series built
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 0;
}
