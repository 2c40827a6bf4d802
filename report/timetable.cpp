#include "report/timetable.hpp"

#include <chrono>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string_view>

namespace drill::report {

using core::metrics::EntityKind;

namespace {

void csv_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

/// The activity in words: "on station", "waiting for resource".
std::string words(core::metrics::Activity a) {
  std::string s(core::metrics::to_string(a));
  for (char& c : s)
    if (c == '_') c = ' ';
  return s;
}

/// RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped.
std::string ics_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out;
}

/// A UID part: letters, digits, '.', '-' and '_' as they are, other bytes as %XX.
std::string uid_part(std::string_view s) {
  std::string out;
  char buf[4];
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '.' || c == '-' ||
        c == '_') {
      out += c;
    } else {
      std::snprintf(buf, sizeof buf, "%%%02X", u);
      out += buf;
    }
  }
  return out;
}

}  // namespace

void append_ics_line(std::string& out, std::string_view line) {
  std::size_t limit = 75;  // octets on this physical line, the leading space of a continuation included
  std::size_t used = 0;
  for (std::size_t i = 0; i < line.size();) {
    std::size_t len = 1;
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    if (i + len > line.size()) len = line.size() - i;
    if (used + len > limit) {
      out += "\r\n ";
      used = 1;
    }
    out.append(line.substr(i, len));
    used += len;
    i += len;
  }
  out += "\r\n";
}

namespace {

/// `20260914T060000Z`: whole seconds, the fraction dropped.
std::string ics_time(io::CalendarStart start, core::SimTime t) {
  using namespace std::chrono;
  const sys_seconds at = start + seconds(t.ticks() / 1'000'000);
  const sys_days day = floor<days>(at);
  const year_month_day ymd(day);
  const hh_mm_ss<seconds> hms(at - day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u" "T%02d%02d%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

const std::string& unit_name(const DashboardRecorder& r, const ActivityRow& row) {
  return r.names().name(row.unit);
}

}  // namespace

ActivityContext context_of(const ActivityRow& row, const DashboardRecorder& recorder,
                           const models::scenario::DrillSpec& spec) {
  ActivityContext c;
  if (!row.related) return c;
  const core::metrics::EntityRef e = *row.related;
  const std::string& name = recorder.names().name(e);
  switch (e.kind) {
    case EntityKind::task:
      c.task = name;
      for (const auto& t : spec.plan.tasks)
        if (t.name == name) c.place = t.location;
      break;
    case EntityKind::base: c.place = name; break;
    case EntityKind::unit: c.with = name; break;
    default: c.place = name; break;
  }
  return c;
}

std::string timetable_csv(const TimetableSource& s) {
  const DashboardRecorder& r = s.recorder;
  std::string out = "unit,activity,start_utc,end_utc,start,end,place,task,with,until_run_end\n";
  const auto utc = [&](core::SimTime t) { return s.calendar_start ? io::iso8601_utc(*s.calendar_start, t) : std::string(); };
  for (std::size_t id = 0; id < r.row_count(); ++id) {
    const ActivityRow& row = r.row(id);
    const core::SimTime end = row.end.value_or(s.end);
    const ActivityContext c = context_of(row, r, s.spec);
    csv_field(out, unit_name(r, row));
    out += ',';
    out += core::metrics::to_string(row.kind);
    out += ',';
    out += utc(row.start);
    out += ',';
    out += utc(end);
    out += ',';
    out += core::format(row.start);
    out += ',';
    out += core::format(end);
    out += ',';
    csv_field(out, c.place);
    out += ',';
    csv_field(out, c.task);
    out += ',';
    csv_field(out, c.with);
    out += row.end ? ",\n" : ",yes\n";
  }
  return out;
}

std::string timetable_ics(const TimetableSource& s) {
  if (!s.calendar_start) throw std::logic_error("timetable.ics needs the drill's calendar start");
  const DashboardRecorder& r = s.recorder;
  const io::CalendarStart start = *s.calendar_start;
  const std::string stamp = ics_time(start, core::SimTime::zero());
  const std::string drill = uid_part(s.spec.drill.name);
  std::string out;
  append_ics_line(out, "BEGIN:VCALENDAR");
  append_ics_line(out, "VERSION:2.0");
  append_ics_line(out, "PRODID:-//drillsim//exercise timetable//EN");
  append_ics_line(out, "CALSCALE:GREGORIAN");
  append_ics_line(out, "X-WR-CALNAME:" + ics_text(s.spec.drill.name + " timetable"));
  // (unit, activity) -> activities of it so far: the n of the UID.
  std::map<std::pair<std::uint32_t, int>, std::uint32_t> seen;
  for (std::size_t id = 0; id < r.row_count(); ++id) {
    const ActivityRow& row = r.row(id);
    const core::SimTime end = row.end.value_or(s.end);
    const ActivityContext c = context_of(row, r, s.spec);
    const std::string& unit = unit_name(r, row);
    const std::uint32_t n = ++seen[{row.unit.index(), static_cast<int>(row.kind)}];
    std::string summary = unit + ": " + words(row.kind);
    if (!c.task.empty()) summary += " (" + c.task + ")";
    else if (!c.with.empty()) summary += " with " + c.with;
    else if (!c.place.empty()) summary += " at " + c.place;
    std::string description = core::format(row.start) + " to " + core::format(end);
    if (!row.end) description += "; still going on when the run ended, shown ending there";
    append_ics_line(out, "BEGIN:VEVENT");
    append_ics_line(out, "UID:" + std::to_string(n) + "." + std::string(core::metrics::to_string(row.kind)) + "." +
                      uid_part(unit) + "@" + drill);
    append_ics_line(out, "DTSTAMP:" + stamp);
    const std::string from = ics_time(start, row.start);
    const std::string to = ics_time(start, end);
    append_ics_line(out, "DTSTART:" + from);
    if (to > from) append_ics_line(out, "DTEND:" + to);
    append_ics_line(out, "SUMMARY:" + ics_text(summary));
    append_ics_line(out, "CATEGORIES:" + ics_text(unit));
    if (!c.place.empty()) append_ics_line(out, "LOCATION:" + ics_text(c.place));
    append_ics_line(out, "DESCRIPTION:" + ics_text(description));
    append_ics_line(out, "END:VEVENT");
  }
  append_ics_line(out, "END:VCALENDAR");
  return out;
}

}  // namespace drill::report
