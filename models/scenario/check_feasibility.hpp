// Plan checks that need physics, run after the references resolve: windows
// that cannot be met at maximum speed, aircraft that cannot reach a task area
// and return without a tanker, coverage larger than the squadrons, routes
// whose legs outrun a class's range with no refuelling on the way, and
// dependencies that cannot finish in time. Internal to the loader.
#pragma once

#include "models/scenario/diagnostic.hpp"
#include "models/scenario/spec.hpp"
#include "models/scenario/yaml_reader.hpp"

namespace drill::models::scenario {

/// Requires a spec on which check_references reported no error.
void check_feasibility(const DrillSpec& spec, const SourceMap& where, Diagnostics& diags);

}  // namespace drill::models::scenario
