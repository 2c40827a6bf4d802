// The exercise timetable: every activity of every unit from the recorded
// activity rows (dashboard_recorder.hpp), as planners import it.
//
// timetable.csv, one row per activity in the document's row order:
//   unit,activity,start_utc,end_utc,start,end,place,task,with,until_run_end
// `start_utc`/`end_utc` are ISO 8601 UTC from the drill's calendar start
// (empty for a drill without one); `start`/`end` are D+ times (`D+1
// 06:00:00`). `place` is the base or port of the activity, or the location
// of its task; `task` the task it serves; `with` the other ship of a
// replenishment at sea. An activity still going on when the run ended ends
// at the run's end and has `until_run_end` = `yes`. Fields are quoted
// (RFC 4180) when they hold a comma, a quote or a line break.
//
// timetable.ics (RFC 5545): one VCALENDAR (PRODID, VERSION 2.0, CALSCALE
// GREGORIAN) with one VEVENT per activity: UID `<n>.<activity>.<unit>@<drill>`
// (the unit's n-th activity of that kind, so a rerun of the same drill gives
// the same UIDs and a calendar updates its events), DTSTAMP = the drill's
// calendar start (not the wall clock: the file is deterministic), DTSTART
// and DTEND in UTC (`...Z`, whole seconds; DTEND is left out when the
// activity lasted under a second), SUMMARY, CATEGORIES = the unit, LOCATION
// where known, DESCRIPTION with the D+ times. Lines end in CRLF and are
// folded at 75 octets (never inside a UTF-8 sequence); text is escaped.
// A calendar needs dates: a drill without a calendar start has no .ics
// (has_calendar() is false), its CSV has D+ times only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "io/utc_time.hpp"
#include "models/scenario/spec.hpp"
#include "report/dashboard_recorder.hpp"

namespace drill::report {

struct TimetableSource {
  const DashboardRecorder& recorder;  // after its last boundary
  const models::scenario::DrillSpec& spec;
  std::optional<io::CalendarStart> calendar_start;
  core::SimTime end;  // the run's end: activities still going on end here
};

std::string timetable_csv(const TimetableSource& source);

inline bool has_calendar(const TimetableSource& source) noexcept { return source.calendar_start.has_value(); }
/// Throws std::logic_error without a calendar start.
std::string timetable_ics(const TimetableSource& source);

/// Appends one iCalendar content line: folded at 75 octets (CRLF and a
/// space; never inside a UTF-8 sequence), ending in CRLF.
void append_ics_line(std::string& out, std::string_view line);

/// Appends core::format(t) (`D+1 06:00:00`, `D+0 23:11:39.060962`)
/// without allocating; the timetable writes four a row.
void append_d_plus(std::string& out, core::SimTime t);

/// Where an activity took place, its task and the other unit, from its
/// related entity (views into the recorder's names and the drill).
struct ActivityContext {
  std::string_view place;  // the base or port, or the task's location
  std::string_view task;
  std::string_view with;   // the other ship of a replenishment at sea
};
class ActivityContexts {
 public:
  /// Both must outlive this.
  ActivityContexts(const DashboardRecorder& recorder, const models::scenario::DrillSpec& spec);
  ActivityContext of(const ActivityRow& row) const;

 private:
  const DashboardRecorder& recorder_;
  std::vector<std::string_view> task_location_;  // by task entity id
};

}  // namespace drill::report
