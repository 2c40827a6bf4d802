// drill_sweep_db_bench: the cost of sweep.db per run. Writes RUNS runs of
// SERIES series each (measure names and labels shaped like a drill's, one
// design point per 10 runs) into a fresh database the way a sweep does:
// a run staged per run and the staged runs written every BATCH runs
// (BATCH 1: add_run per run), a checkpoint every CHECKPOINT runs, and the database
// closed at the end. Each run's value array (RunOutcome::value_array) is
// made beforehand, as a sweep's workers make it, and timed apart. Prints
// one line of key=value pairs: total seconds, microseconds per run and per
// result row (wall), CPU microseconds per run, the workers' CPU
// microseconds per run for the value arrays, and the file's size; then
// reads the runs back (runs(), what --resume does) and prints that time
// too.
//
//   drill_sweep_db_bench [--runs N] [--series N] [--checkpoint N] [--batch N] [--samples N] [--read 0|1]
//                        [--dir DIR]
//
// A sweep of the small drill runs at about 60 us a run: the database's
// CPU per run is what two workers on two cores lose to it.
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "sweep/sweep_db.hpp"

namespace {

using drill::sweep::PointId;
using drill::sweep::RunOutcome;
using drill::sweep::RunTicket;
using drill::sweep::SeriesKey;
using drill::sweep::SweepDb;

struct Options {
  std::uint64_t runs = 10'000;
  std::uint32_t series = 150;
  std::uint64_t checkpoint = 500;
  std::uint32_t samples = 0;  // sampled values per run (of its first series), kept
  std::uint64_t batch = 32;   // runs staged and written together (1: add_run per run)
  bool read = true;           // read the runs back and time that too
  std::filesystem::path dir = std::filesystem::temp_directory_path();
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const char* v = argv[i + 1];
    if (key == "--runs") o.runs = std::strtoull(v, nullptr, 10);
    else if (key == "--series") o.series = static_cast<std::uint32_t>(std::strtoul(v, nullptr, 10));
    else if (key == "--checkpoint") o.checkpoint = std::strtoull(v, nullptr, 10);
    else if (key == "--batch") o.batch = std::strtoull(v, nullptr, 10);
    else if (key == "--samples") o.samples = static_cast<std::uint32_t>(std::strtoul(v, nullptr, 10));
    else if (key == "--dir") o.dir = v;
    else if (key == "--read") o.read = std::string(v) != "0";
    else {
      std::fprintf(stderr, "unknown option %s\n", key.c_str());
      std::exit(2);
    }
  }
  if (argc % 2 == 0 || o.runs == 0 || o.series == 0 || o.checkpoint == 0 || o.batch == 0) {
    std::fprintf(stderr,
                 "usage: drill_sweep_db_bench [--runs N>0] [--series N>0] [--checkpoint N>0] [--batch N>0] [--samples N] "
                 "[--read 0|1] [--dir DIR]\n");
    std::exit(2);
  }
  return o;
}

// Series as a drill has them: a few measures without labels, most per
// ship, aircraft squadron or base.
std::vector<SeriesKey> drill_series(std::uint32_t n) {
  static const char* const measures[] = {"fuel_on_board",   "time_below_critical_fuel", "fuel_delivered",
                                         "replenishments",  "sorties_flown",            "mission_capable",
                                         "queue_length",    "waiting_time",             "messages_delivered",
                                         "age_of_information"};
  static const char* const units[] = {"tonnes", "seconds", "tonnes", "", "", "ratio", "", "seconds", "", "seconds"};
  static const char* const stats[] = {"mean", "value", "value", "value", "per_day", "mean", "mean", "mean", "value", "mean"};
  std::vector<SeriesKey> out;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t m = i % 10;
    std::string labels = i < 10 ? "" : "ship=unit_" + std::to_string(i / 10) + ",resource=fuel";
    out.push_back(SeriesKey{measures[m], std::move(labels), units[m], stats[m]});
  }
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const std::filesystem::path path = o.dir / ("drill_sweep_db_bench-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);

  // Outcomes made before the clock starts: the sweep gets them from runs.
  RunOutcome run;
  run.series = drill_series(o.series);
  run.values.resize(o.series);
  for (std::uint32_t s = 0; s < o.samples; ++s) run.samples.push_back({0, 3600.0 * s, 0.0});
  const auto value = [](std::uint64_t r, std::uint32_t s) { return static_cast<double>(r) * 0.5 + s; };
  // What the workers do: each run's values as its value array.
  std::vector<std::string> arrays(o.runs);
  const std::clock_t f0 = std::clock();
  for (std::uint64_t r = 0; r < o.runs; ++r) {
    for (std::uint32_t s = 0; s < o.series; ++s) run.values[s] = value(r, s);
    arrays[r] = drill::sweep::value_array(run.values);
  }
  const double format_cpu_s = static_cast<double>(std::clock() - f0) / CLOCKS_PER_SEC;

  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  {
    SweepDb db = SweepDb::create(path);
    db.set_info("sweep", "bench");
    for (std::uint64_t r = 0; r < o.runs; ++r) {
      const auto point = static_cast<std::uint32_t>(r / 10);
      if (r % 10 == 0) {
        db.add_point(PointId{point}, "count=" + std::to_string(point), "grid",
                     {{"naval.units[name=tidespring].count", std::to_string(point)}});
      }
      run.ticket = RunTicket{PointId{point}, r % 10};
      run.fingerprint = r * 0x9e3779b97f4a7c15ULL;
      run.events = 100'000 + r;
      for (std::uint32_t s = 0; s < o.series; ++s) run.values[s] = value(r, s);
      run.value_array = std::move(arrays[r]);
      for (auto& sample : run.samples) sample.value = static_cast<double>(r);
      if (o.batch == 1) {
        db.add_run(r, 7, run, o.samples > 0);
      } else {
        db.stage_run(r, 7, run, o.samples > 0);
        if (db.staged() >= o.batch) db.flush();
      }
      if ((r + 1) % o.checkpoint == 0) db.checkpoint();
    }
    db.set_info("status", "completed");
  }  // closing commits the rest
  const double write_s = seconds_since(t0);
  // CPU time too: on a shared machine the wall clock also counts others'.
  const double write_cpu_s = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;

  const auto t1 = std::chrono::steady_clock::now();
  std::size_t read = o.runs;
  if (o.read) {
    const SweepDb db = SweepDb::open(path);
    read = db.runs().size();
  }
  const double read_s = seconds_since(t1);
  const auto bytes = std::filesystem::file_size(path);
  std::filesystem::remove(path);
  if (read != o.runs) {
    std::fprintf(stderr, "read back %zu runs of %llu\n", read, static_cast<unsigned long long>(o.runs));
    return 1;
  }
  std::printf(
      "runs=%llu series=%u samples=%u checkpoint=%llu batch=%llu write_s=%.3f us_per_run=%.1f us_per_row=%.3f "
      "cpu_us_per_run=%.1f worker_cpu_us_per_run=%.1f bytes=%llu "
      "bytes_per_run=%.0f read_s=%.3f read_us_per_run=%.1f\n",
      static_cast<unsigned long long>(o.runs), o.series, o.samples, static_cast<unsigned long long>(o.checkpoint),
      static_cast<unsigned long long>(o.batch), write_s, 1e6 * write_s / static_cast<double>(o.runs),
      1e6 * write_s / static_cast<double>(o.runs * o.series), 1e6 * write_cpu_s / static_cast<double>(o.runs),
      1e6 * format_cpu_s / static_cast<double>(o.runs), static_cast<unsigned long long>(bytes),
      static_cast<double>(bytes) / static_cast<double>(o.runs), read_s, 1e6 * read_s / static_cast<double>(o.runs));
  return 0;
}
