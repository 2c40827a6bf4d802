#include "models/scenario/check_load.hpp"

#include <cstdio>
#include <string>

namespace drill::models::scenario {
namespace {

// Events one message costs at least: send, transmission, delivery.
constexpr double kEventsPerMessage = 3.0;
// Events one sampling boundary costs (a return from the event loop and a
// read of every changed series; counted as one event per series would be
// far more).
constexpr double kEventsPerSample = 1.0;
// A failure, the start of its repair and the end.
constexpr double kEventsPerFailure = 3.0;
// A sortie's launch, transit, time on station, return, recovery and
// turnaround, fewest.
constexpr double kEventsPerSortie = 6.0;

std::string millions(double events) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g million", events / 1e6);
  return buf;
}

void refuse(Diagnostics& diags, const SourceMap& where, const std::string& path, double events,
            const std::string& what, const std::string& hint) {
  if (events <= kMaxEstimatedEvents) return;
  diags.error(where.at(path), path,
              what + " would make about " + millions(events) + " events in one replication (the limit is " +
                  millions(kMaxEstimatedEvents) + ")",
              hint);
}

}  // namespace

void check_load(const DrillSpec& spec, const SourceMap& where, Diagnostics& diags) {
  const double horizon_s = spec.drill.horizon.seconds();
  if (horizon_s <= 0) return;
  if (spec.drill.sample_every && spec.drill.sample_every->ticks() > 0)
    refuse(diags, where, "drill.sample_every", horizon_s / spec.drill.sample_every->seconds() * kEventsPerSample,
           "sampling this often", "sample less often, e.g. every 15min");
  // Failures come per flight hour: at most every aircraft of the type in
  // the air the whole horizon, each failure a failure, a repair start and
  // its end.
  for (std::size_t i = 0; i < spec.air.types.size(); ++i) {
    const AircraftType& t = spec.air.types[i];
    if (t.mtbf.ticks() <= 0) continue;
    double aircraft = 0;
    for (const Squadron& q : spec.air.squadrons)
      if (q.type == t.name) aircraft += q.count;
    refuse(diags, where, "air.types[" + std::to_string(i) + "].mtbf",
           aircraft * horizon_s / t.mtbf.seconds() * kEventsPerFailure,
           "failures this often in " + std::to_string(static_cast<long long>(aircraft)) + " aircraft of type '" +
               t.name + "'",
           "a mean time between failures of hours, e.g. 15h");
  }
  for (std::size_t i = 0; i < spec.plan.tasks.size(); ++i) {
    const Task& t = spec.plan.tasks[i];
    if (!t.sorties_per_day || *t.sorties_per_day <= 0) continue;
    refuse(diags, where, "plan.tasks[" + std::to_string(i) + "].sorties_per_day",
           *t.sorties_per_day * horizon_s / 86400.0 * kEventsPerSortie, "sorties at this rate",
           "a squadron flies a few sorties per aircraft a day");
  }
  const Comms& c = spec.comms;
  if (!c.simulated()) return;
  const auto nodes = static_cast<double>(c.nodes.size());
  const CommsReporting& r = c.reporting;
  if (r.report_every.ticks() > 0)
    refuse(diags, where, "comms.reporting.report_every",
           nodes * horizon_s / r.report_every.seconds() * kEventsPerMessage * (1 + c.retransmissions),
           "status reports this often from " + std::to_string(c.nodes.size()) + " nodes",
           "report every few hours, e.g. 6h (each report also crosses a network)");
  if (r.contacts_per_hour > 0)
    refuse(diags, where, "comms.reporting.contacts_per_hour",
           nodes * r.contacts_per_hour * horizon_s / 3600.0 * kEventsPerMessage,
           "contact reports at this rate from up to " + std::to_string(c.nodes.size()) + " nodes",
           "a unit on patrol reports a few contacts an hour");
  for (std::size_t i = 0; i < c.links.size(); ++i) {
    const CommsLink& l = c.links[i];
    const double cycle = (l.mtbf + l.mttr).seconds();
    if (l.mtbf.ticks() > 0 && cycle > 0)
      refuse(diags, where, "comms.links[" + std::to_string(i) + "].random_outages", 2.0 * horizon_s / cycle,
             "random outages of '" + l.name + "' this often", "an outage every few hours at most");
  }
}

}  // namespace drill::models::scenario
