// How each task of the drill plan turned out: the typed, non-numeric part of
// a run's results, carried next to its final snapshot.
//
// Everything numeric about a task (sorties planned and flown, coverage) is a
// collector measure; this is what is not: its kind, when it was done, its
// deadline, whether it was on time and, when it was not, why in words.
#pragma once

#include <optional>
#include <string>

#include "core/time.hpp"

namespace drill::models {

struct TaskOutcome {
  std::string name;
  std::string kind;  // as in the drill file: transit, patrol, air_coverage, ...
  std::optional<core::SimTime> completed_at;  // empty: not done
  core::SimTime deadline;
  bool on_time = false;  // done, in time (coverage tasks: coverage at least 95 %)
  /// Why the task is not done or not on time ("argyll on patrol 'north'
  /// until D+1 06:00", "depends on 'x', not done"); empty when on time.
  std::string reason;

  bool completed() const noexcept { return completed_at.has_value(); }
};

}  // namespace drill::models
