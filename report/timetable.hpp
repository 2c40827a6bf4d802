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
// GREGORIAN) with one VEVENT per planned activity, that is every activity
// but waiting for a resource (a wait is what the plan did not foresee; the
// CSV has it): UID `<n>.<activity>.<unit>@<drill>` (the unit's n-th
// activity of that kind, so a rerun of the same drill gives the same UIDs
// and a calendar updates its events), DTSTAMP = the drill's calendar start
// (not the wall clock: the file is deterministic), DTSTART and DTEND in UTC
// (`...Z`, whole seconds; DTEND is left out when the activity lasted under a
// second), SUMMARY, CATEGORIES = the unit, LOCATION where known, and for an
// activity still going on when the run ended a DESCRIPTION that says so
// (the D+ times are the CSV's). Lines end in CRLF and are folded at 75
// octets (never inside a UTF-8 sequence); text is escaped.
// A calendar needs dates: a drill without a calendar start has no .ics
// (has_calendar() is false), its CSV has D+ times only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics/entity.hpp"
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
/// related entity (views into the names and the drill).
struct ActivityContext {
  std::string_view place;  // the base or port, or the task's location
  std::string_view task;
  std::string_view with;   // the other ship of a replenishment at sea
};
class ActivityContexts {
 public:
  /// Both must outlive this.
  ActivityContexts(const core::metrics::NameTable& names, const models::scenario::DrillSpec& spec);
  ActivityContext of(const ActivityRow& row) const;

 private:
  const core::metrics::NameTable& names_;
  std::vector<std::string_view> task_location_;  // by task entity id
};

/// How one activity row reads in each file: what timetable_csv() and
/// timetable_ics() write for every row, and what LiveTimetable
/// (live_timetable.hpp) writes for rows that have ended while the run goes,
/// so the two give the same bytes. It keeps a copy of the names it needs
/// and reads nothing else that changes: another thread than the recorder's
/// may use it. Not copyable (its contexts point into its names).
class TimetableFormat {
 public:
  /// `spec` must outlive this.
  TimetableFormat(const core::metrics::NameTable& names, const models::scenario::DrillSpec& spec,
                  std::optional<io::CalendarStart> calendar_start);
  TimetableFormat(const TimetableFormat&) = delete;
  TimetableFormat& operator=(const TimetableFormat&) = delete;

  bool has_calendar() const noexcept { return calendar_start_.has_value(); }
  std::size_t units() const noexcept { return units_; }
  /// Its copy of the names.
  const core::metrics::NameTable& names() const noexcept { return names_; }

  static constexpr std::string_view kCsvHead = "unit,activity,start_utc,end_utc,start,end,place,task,with,until_run_end\n";
  /// One CSV line; `end` is the row's end or the run's.
  void csv_row(std::string& out, const ActivityRow& row, core::SimTime end) const;

  // The calendar: head, one event per row of a unit, tail. These need a
  // calendar start (has_calendar()).
  std::string ics_head() const;
  /// `n`: the row's number from IcsNumbering (non-zero).
  void ics_event(std::string& out, const ActivityRow& row, std::uint32_t n, core::SimTime end) const;
  static constexpr std::string_view kIcsTail = "END:VCALENDAR\r\n";

 private:
  core::metrics::NameTable names_;
  const models::scenario::DrillSpec& spec_;
  std::optional<io::CalendarStart> calendar_start_;
  ActivityContexts contexts_;
  std::size_t units_ = 0;
  // Per unit, formatted once: its UID part and its CATEGORIES line.
  std::vector<std::string> uid_of_, categories_;
  std::string stamp_;  // the DTSTAMP line
  std::string drill_;  // the drill's UID part
};

/// The n of a calendar event's UID: the unit's n-th activity of that kind,
/// counted in row id order. Give it every row once, in id order.
class IcsNumbering {
 public:
  explicit IcsNumbering(std::size_t units) : units_(units), seen_(units * models::kActivityCount, 0) {}
  /// 0 for a row that has no event: of no known unit, or a wait for a
  /// resource (not a planned activity).
  std::uint32_t next(const ActivityRow& row) {
    const std::size_t u = row.unit.index();
    if (u >= units_ || row.kind == models::Activity::waiting_for_resource) return 0;
    return ++seen_[u * models::kActivityCount + static_cast<std::size_t>(row.kind)];
  }

 private:
  std::size_t units_;
  std::vector<std::uint32_t> seen_;
};

}  // namespace drill::report
