// Writes the sample result set (sample_results.hpp) into a folder for the
// independent readers: metrics.prom for promtool, summary.pb and events.pb
// for the Python protobuf reader, timeseries.csv for both checks of the
// time average. Usage: write_sample_results DIR
#include <filesystem>
#include <fstream>
#include <iostream>

#include "io/metrics_prom.hpp"
#include "io/summary_pb.hpp"
#include "io/trace_writer.hpp"
#include "sample_results.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: write_sample_results DIR\n";
    return 64;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  using namespace drill;
  const auto run = io::testing::make_sample_run(core::minutes(10));

  std::ofstream(dir / "metrics.prom", std::ios::binary) << io::prometheus_text(run.samples.back());
  std::ofstream(dir / "summary.pb", std::ios::binary)
      << io::summary_pb(io::make_run_summary(run.manifest, "sample", run.samples.back(), {}));
  {
    std::ofstream out(dir / "events.pb", std::ios::binary);
    io::TraceWriter trace(run.collector->names(), out);
    for (const auto& a : run.activities) trace.on_activity(a);
  }
  std::ofstream(dir / "timeseries.csv", std::ios::binary) << run.timeseries_csv;
  std::cout << "wrote " << dir.string() << "\n";
  return 0;
}
