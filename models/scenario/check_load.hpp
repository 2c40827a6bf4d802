// How much work a drill asks for, estimated before it runs.
//
// A drill can be valid key by key and still never finish: contact reports a
// billion times an hour, a status report every microsecond, samples every
// microsecond, links that fail and mend every microsecond, aircraft that fail
// every microsecond of flight, a billion sorties a day. check_load
// estimates, from the keys alone, the events such keys generate over the
// horizon (an upper bound per source: every reporting node reports, every
// link fails as often as it can) and refuses a drill whose estimate for one
// replication exceeds kMaxEstimatedEvents, naming the key and the estimate.
// Costs: a pass over the air types, the tasks and the comms section; no
// simulation.
#pragma once

#include <cstdint>

#include "models/scenario/diagnostic.hpp"
#include "models/scenario/spec.hpp"
#include "models/scenario/yaml_reader.hpp"

namespace drill::models::scenario {

/// Beyond this many events in one replication a drill is refused: at the
/// kernel's few million events per second it would run for minutes per
/// replication, and its outputs would not fit any budget.
inline constexpr double kMaxEstimatedEvents = 500e6;

void check_load(const DrillSpec& spec, const SourceMap& where, Diagnostics& diags);

}  // namespace drill::models::scenario
