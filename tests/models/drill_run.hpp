// Test helper: a drill written inline as YAML, loaded, built into a model and
// ready to run, so a test reads as the drill it checks plus its arithmetic.
//
// Members are declared in the order they must be built (spec, simulation,
// model) and are destroyed in reverse, as the model requires. A drill that
// fails to load throws with every diagnostic, which fails the test loudly.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/simulation.hpp"
#include "models/drill_model.hpp"
#include "models/measures.hpp"
#include "models/scenario/load_drill.hpp"

namespace drill::models::testing {

inline scenario::DrillSpec load_or_throw(std::string_view yaml) {
  scenario::LoadResult r = scenario::load_drill_from_string(yaml, "test.yaml");
  if (!r.ok()) throw std::runtime_error("test drill does not load:\n" + scenario::format(r.diagnostics));
  return std::move(*r.drill);
}

class DrillRun {
 public:
  explicit DrillRun(std::string_view yaml, std::uint64_t seed = 1)
      : spec_(load_or_throw(yaml)), sim_(core::SimulationOptions{.seed = seed}), model_(sim_, spec_) {}

  core::Simulation& sim() noexcept { return sim_; }
  const scenario::DrillSpec& spec() const noexcept { return spec_; }
  DrillModel& model() noexcept { return model_; }

  /// Runs every event up to and including `t`; returns the measures then.
  DrillMeasures run_until(core::SimTime t) {
    sim_.run_until(t);
    return model_.measures();
  }
  DrillMeasures run_to_horizon() { return run_until(core::at(spec_.drill.horizon)); }

 private:
  scenario::DrillSpec spec_;
  core::Simulation sim_;
  DrillModel model_;
};

/// The entry named `name` in a list of measures (ships, tasks, resources...).
template <class List>
const typename List::value_type& named(const List& list, std::string_view name) {
  for (const auto& e : list)
    if (e.name == name) return e;
  throw std::runtime_error("no measure named " + std::string(name));
}

}  // namespace drill::models::testing
