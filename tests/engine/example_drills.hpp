// The engine tests' way to a bundled drill: load it from configs/ and run
// replication 0 at its seed to its horizon in slices of a given length.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>

#include "engine/drill_run.hpp"
#include "engine/drill_source.hpp"

namespace drill::engine::testing {

inline DrillSource load_config(const char* name) {
  LoadOutcome r = load((std::filesystem::path(DRILL_SOURCE_DIR) / "configs" / name).string());
  if (!r.ok()) throw std::runtime_error(std::string("cannot load ") + name);
  return std::move(*r.drill);
}

inline RunSettings settings_for(const DrillSource& d, core::Duration slice) {
  return RunSettings{.seed = d.spec.drill.seed, .replication = 0, .horizon = core::at(d.spec.drill.horizon),
                     .slice = slice};
}

}  // namespace drill::engine::testing
