// Cross-checks of a parsed drill: unique names, references that resolve
// (with "did you mean"), what each task kind needs, ordered time windows and
// acyclic task dependencies. Fills in the coordinates of every `Place`, of
// area reference points and of task locations. Internal to the loader.
#pragma once

#include "models/scenario/diagnostic.hpp"
#include "models/scenario/spec.hpp"
#include "models/scenario/yaml_reader.hpp"

namespace drill::models::scenario {

void check_references(DrillSpec& spec, const SourceMap& where, Diagnostics& diags);

}  // namespace drill::models::scenario
