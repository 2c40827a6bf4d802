// Fingerprint golden tests: every example drill in configs/ run end to end
// with its own seed, its event-sequence fingerprint and event count pinned.
//
// A change to any pinned value below means the model now executes a
// different sequence of events for the same drill. That may be intended (a
// model change), but it must be explained in the commit message that
// changes the value: what changed in the model and why the events differ.
//
// The runs mirror `drillsim run --replication 0`: replication 0 of the
// drill's own seed, from the start to the whole horizon. They are the
// suite's end-to-end run of every example drill. (joint_drill.yaml asks for
// 20 replications; a plain `drillsim run` reports their combined
// fingerprint, this pins the first.)
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/simulation.hpp"
#include "io/result_files.hpp"
#include "io/summary_pb.hpp"
#include "models/drill_model.hpp"
#include "models/scenario/load_drill.hpp"

namespace drill::models {
namespace {

const std::filesystem::path kConfigs = std::filesystem::path(DRILL_SOURCE_DIR) / "configs";

struct GoldenRun {
  std::string fingerprint;
  std::uint64_t events = 0;
  std::string summary_json;
};

/// Runs `file` from configs/ with its own seed (or `seed`) to its horizon.
GoldenRun run_config(const char* file, std::optional<std::uint64_t> seed = std::nullopt) {
  const std::filesystem::path path = kConfigs / file;
  scenario::LoadResult r = scenario::load_drill(path);
  if (!r.ok()) throw std::runtime_error(scenario::format(r.diagnostics));
  const scenario::DrillSpec& spec = *r.drill;

  io::RunManifest manifest;
  manifest.config_path = file;
  manifest.config_sha256 = io::file_hash_hex(path);
  manifest.seed = seed.value_or(spec.drill.seed);
  manifest.tool_version = "golden";

  core::Simulation sim(core::SimulationOptions{.seed = manifest.seed, .replication = 0});
  DrillModel model(sim, spec);
  sim.run_until(core::at(spec.drill.horizon));
  model.settle(sim.now());
  manifest.fingerprint = sim.fingerprint().value();
  manifest.events = sim.events_executed();
  manifest.horizon = sim.now();
  const auto summary = io::make_run_summary(manifest, spec.drill.name, model.snapshot(sim.now()), model.task_outcomes());
  return GoldenRun{sim.fingerprint().hex(), manifest.events, io::summary_json(summary)};
}

TEST(Golden, SmallDrillFingerprintAndEventCountArePinned) {
  const GoldenRun g = run_config("small.yaml");
  EXPECT_EQ(g.fingerprint, "05a620de404f0cfd");
  EXPECT_EQ(g.events, 120u);
}

TEST(Golden, JointDrillFingerprintAndEventCountArePinned) {
  const GoldenRun g = run_config("joint_drill.yaml");
  EXPECT_EQ(g.fingerprint, "41de781465a281e4");
  EXPECT_EQ(g.events, 2644u);
}

TEST(Golden, LargeDrillFingerprintAndEventCountArePinned) {
  const GoldenRun g = run_config("large.yaml");
  EXPECT_EQ(g.fingerprint, "d7ec51bb546f389d");
  EXPECT_EQ(g.events, 176542u);
}

TEST(Golden, DegradedCommsDrillFingerprintAndEventCountArePinned) {
  const GoldenRun g = run_config("degraded_comms.yaml");
  EXPECT_EQ(g.fingerprint, "657c96af9228e8bb");
  EXPECT_EQ(g.events, 3063u);
}

TEST(Golden, TwoRunsOfTheSameDrillAndSeedWriteIdenticalSummaryJson) {
  for (const char* file : {"small.yaml", "joint_drill.yaml", "degraded_comms.yaml"}) {
    const GoldenRun a = run_config(file);
    const GoldenRun b = run_config(file);
    EXPECT_EQ(a.fingerprint, b.fingerprint) << file;
    EXPECT_EQ(a.summary_json, b.summary_json) << file;
    EXPECT_FALSE(a.summary_json.empty()) << file;
  }
}

TEST(Golden, ADifferentSeedGivesADifferentFingerprint) {
  for (const char* file : {"small.yaml", "joint_drill.yaml"}) {
    const GoldenRun own = run_config(file);
    const GoldenRun other = run_config(file, 12345);
    EXPECT_NE(own.fingerprint, other.fingerprint) << file;
  }
}

}  // namespace
}  // namespace drill::models
