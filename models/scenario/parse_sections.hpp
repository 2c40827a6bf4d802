// Reads the sections of a drill file into a DrillSpec: shapes, types, units
// and ranges of single values and of values within one entry (e.g. a stock's
// initial level against its capacity). Names are not resolved here; see
// check_references.hpp. Internal to the scenario loader.
#pragma once

#include <yaml-cpp/yaml.h>

#include "models/scenario/spec.hpp"
#include "models/scenario/yaml_reader.hpp"

namespace drill::models::scenario {

/// Every problem goes to `ctx.diags`; values that could not be read keep the
/// defaults of spec.hpp so the later checks can still run.
DrillSpec parse_drill_sections(ReadContext& ctx, const YAML::Node& root);

}  // namespace drill::models::scenario
