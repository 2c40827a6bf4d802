// Test helper: a drill written inline as YAML, loaded, built into a model and
// ready to run, so a test reads as the drill it checks plus its arithmetic.
//
// Members are declared in the order they must be built (spec, simulation,
// model) and are destroyed in reverse, as the model requires. A drill that
// fails to load throws with every diagnostic, which fails the test loudly.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/simulation.hpp"
#include "models/drill_model.hpp"
#include "models/scenario/load_drill.hpp"
#include "models/task_outcome.hpp"
#include "tests/support/snapshot_series.hpp"

namespace drill::models::testing {

inline scenario::DrillSpec load_or_throw(std::string_view yaml) {
  scenario::LoadResult r = scenario::load_drill_from_string(yaml, "test.yaml");
  if (!r.ok()) throw std::runtime_error("test drill does not load:\n" + scenario::format(r.diagnostics));
  return std::move(*r.drill);
}

/// A model's results at one time: its snapshot and task outcomes.
struct Results {
  core::metrics::Snapshot snapshot;
  std::vector<TaskOutcome> tasks;

  core::SimTime end() const noexcept { return snapshot.time(); }
  /// The series of `measure` with these label values.
  const core::metrics::Values& operator()(std::string_view measure,
                                          std::initializer_list<std::string_view> labels = {}) const {
    return drill::testing::series(snapshot, measure, labels);
  }
  double value(std::string_view measure, std::initializer_list<std::string_view> labels = {}) const {
    return (*this)(measure, labels).value;
  }
  const TaskOutcome& task(std::string_view name) const {
    for (const auto& t : tasks)
      if (t.name == name) return t;
    throw std::runtime_error("no task named " + std::string(name));
  }
};

class DrillRun {
 public:
  explicit DrillRun(std::string_view yaml, std::uint64_t seed = 1)
      : spec_(load_or_throw(yaml)), sim_(core::SimulationOptions{.seed = seed}), model_(sim_, spec_) {}

  core::Simulation& sim() noexcept { return sim_; }
  const scenario::DrillSpec& spec() const noexcept { return spec_; }
  DrillModel& model() noexcept { return model_; }

  /// Runs every event up to and including `t`, settles the ships' fuel
  /// accounts there (as a run's end does) and returns the results then.
  Results run_until(core::SimTime t) {
    sim_.run_until(t);
    model_.settle(sim_.now());
    return Results{model_.snapshot(sim_.now()), model_.task_outcomes()};
  }
  Results run_to_horizon() { return run_until(core::at(spec_.drill.horizon)); }

 private:
  scenario::DrillSpec spec_;
  core::Simulation sim_;
  DrillModel model_;
};

}  // namespace drill::models::testing

namespace drill::models::testing {

/// How a test drill's logistics protocol travels: the ideal transport of a
/// drill without `comms`, or a `comms` section whose one link is ideal.
enum class Carrier { no_comms, ideal_links };

inline std::string_view to_string(Carrier c) { return c == Carrier::no_comms ? "NoComms" : "IdealLinks"; }

/// A `comms` section for a test drill: a standalone logistics cell at
/// geography point `cell_at`, a node hosted by each of `hosts`, and one
/// ideal link joining them all; reporting as a drill without comms has it
/// (no scheduled reports, no fuel thresholds), so the two carriers must
/// give the same results.
inline std::string ideal_comms_section(std::string_view cell_at, std::initializer_list<std::string_view> hosts) {
  std::string s = "comms:\n  nation: GBR\n  logistics_cell: cell\n  reporting: {report_every: 0s}\n  nodes:\n";
  s += "    - {name: cell, position: " + std::string(cell_at) + ", headquarters: true}\n";
  std::string members = "cell";
  for (std::string_view h : hosts) {
    s += "    - {name: " + std::string(h) + "_node, host: " + std::string(h) + "}\n";
    members += ", " + std::string(h) + "_node";
  }
  s += "  links:\n    - {name: everywhere, kind: ideal, nodes: [" + members + "]}\n";
  return s;
}

/// `yaml` as it is for Carrier::no_comms, with `comms` appended for ideal links.
inline std::string carried(Carrier c, const std::string& yaml, const std::string& comms) {
  return c == Carrier::no_comms ? yaml : yaml + "\n" + comms;
}

}  // namespace drill::models::testing
