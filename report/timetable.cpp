#include "report/timetable.hpp"

#include "io/csv_field.hpp"
#include "models/entity_kinds.hpp"

#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <span>
#include <vector>
#include <stdexcept>
#include <string_view>

namespace drill::report {

namespace {

void csv_field(std::string& out, std::string_view s) { io::append_csv_field(out, s); }

/// The activity in words: "on station", "waiting for resource".
std::string_view words(models::Activity a) {
  using models::Activity;
  switch (a) {
    case Activity::transit: return "transit";
    case Activity::on_station: return "on station";
    case Activity::refuelling: return "refuelling";
    case Activity::waiting_for_resource: return "waiting for resource";
    case Activity::maintenance: return "maintenance";
    case Activity::replenishment_at_sea: return "replenishment at sea";
    case Activity::link_down: return "link down";
  }
  return "activity";
}

/// Appends RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped.
void append_ics_text(std::string& out, std::string_view s) {
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
}

std::string ics_text(std::string_view s) {
  std::string out;
  append_ics_text(out, s);
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

void append_d_plus(std::string& out, core::SimTime t) {
  std::int64_t us = t.ticks();
  if (us < 0 || t == core::SimTime::max()) {
    out += core::format(t);
    return;
  }
  constexpr std::int64_t kS = 1'000'000, kMin = 60 * kS, kH = 60 * kMin, kD = 24 * kH;
  char buf[48];
  char* p = buf;
  *p++ = 'D';
  *p++ = '+';
  p = std::to_chars(p, buf + sizeof buf, us / kD).ptr;
  us %= kD;
  *p++ = ' ';
  const auto two = [&](std::int64_t v) {
    *p++ = static_cast<char>('0' + v / 10);
    *p++ = static_cast<char>('0' + v % 10);
  };
  two(us / kH);
  us %= kH;
  *p++ = ':';
  two(us / kMin);
  us %= kMin;
  *p++ = ':';
  two(us / kS);
  us %= kS;
  if (us != 0) {
    // `.250` or `.000125`: trimmed to the shortest exact form, milliseconds at least.
    char frac[7];
    for (int i = 5; i >= 0; --i, us /= 10) frac[i] = static_cast<char>('0' + us % 10);
    int len = 6;
    while (len > 3 && frac[len - 1] == '0') --len;
    *p++ = '.';
    for (int i = 0; i < len; ++i) *p++ = frac[i];
  }
  out.append(buf, p);
}

void append_ics_line(std::string& out, std::string_view line) {
  if (line.size() <= 75) {
    out.append(line);
    out += "\r\n";
    return;
  }
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
  std::string out(16, '0');
  const auto put = [&](std::size_t at_char, long long v, int width) {
    for (int i = width - 1; i >= 0; --i, v /= 10) out[at_char + static_cast<std::size_t>(i)] = static_cast<char>('0' + v % 10);
  };
  put(0, static_cast<int>(ymd.year()), 4);
  put(4, static_cast<unsigned>(ymd.month()), 2);
  put(6, static_cast<unsigned>(ymd.day()), 2);
  out[8] = 'T';
  put(9, hms.hours().count(), 2);
  put(11, hms.minutes().count(), 2);
  put(13, hms.seconds().count(), 2);
  out[15] = 'Z';
  return out;
}

}  // namespace

ActivityContexts::ActivityContexts(const core::metrics::NameTable& names, const models::scenario::DrillSpec& spec)
    : names_(names), task_location_(names.size(models::kind::task)) {
  for (const auto& t : spec.plan.tasks)
    if (const auto id = names.find<models::kind::task>(t.name); id && id->index() < task_location_.size())
      task_location_[id->index()] = t.location;
}

ActivityContext ActivityContexts::of(const ActivityRow& row) const {
  ActivityContext c;
  if (!row.related) return c;
  const core::metrics::EntityRef e = *row.related;
  const std::string& name = names_.name(e);
  if (e.kind == models::kind::task) {
    c.task = name;
    if (e.index < task_location_.size()) c.place = task_location_[e.index];
  } else if (e.kind == models::kind::unit) {
    c.with = name;
  } else {
    c.place = name;  // a base or port
  }
  return c;
}

TimetableFormat::TimetableFormat(const core::metrics::NameTable& names, const models::scenario::DrillSpec& spec,
                                 std::optional<io::CalendarStart> calendar_start)
    : names_(names),
      spec_(spec),
      calendar_start_(calendar_start),
      contexts_(names_, spec),
      units_(names_.size(models::kind::unit)),
      uid_of_(units_),
      categories_(units_) {
  for (std::size_t u = 0; u < units_; ++u) {
    const std::string& name = names_.name(models::UnitId(static_cast<std::uint32_t>(u)));
    uid_of_[u] = uid_part(name);
    categories_[u] = "CATEGORIES:" + ics_text(name);
  }
  if (calendar_start_) stamp_ = "DTSTAMP:" + ics_time(*calendar_start_, core::SimTime::zero());
  drill_ = uid_part(spec.drill.name);
}

void TimetableFormat::csv_row(std::string& out, const ActivityRow& row, core::SimTime end) const {
  char time[32];
  const auto utc = [&](core::SimTime t) {
    if (calendar_start_) out.append(time, io::iso8601_utc(*calendar_start_, t, std::span<char, 32>(time)));
  };
  const ActivityContext c = contexts_.of(row);
  csv_field(out, names_.name(row.unit));
  out += ',';
  out += models::to_string(row.kind);
  out += ',';
  utc(row.start);
  out += ',';
  utc(end);
  out += ',';
  append_d_plus(out, row.start);
  out += ',';
  append_d_plus(out, end);
  out += ',';
  csv_field(out, c.place);
  out += ',';
  csv_field(out, c.task);
  out += ',';
  csv_field(out, c.with);
  out += row.end ? ",\n" : ",yes\n";
}

std::string TimetableFormat::ics_head() const {
  if (!calendar_start_) throw std::logic_error("timetable.ics needs the drill's calendar start");
  std::string out;
  append_ics_line(out, "BEGIN:VCALENDAR");
  append_ics_line(out, "VERSION:2.0");
  append_ics_line(out, "PRODID:-//drillsim//exercise timetable//EN");
  append_ics_line(out, "CALSCALE:GREGORIAN");
  append_ics_line(out, "X-WR-CALNAME:" + ics_text(spec_.drill.name + " timetable"));
  return out;
}

void TimetableFormat::ics_event(std::string& out, const ActivityRow& row, std::uint32_t n, core::SimTime end) const {
  if (!calendar_start_) throw std::logic_error("timetable.ics needs the drill's calendar start");
  const io::CalendarStart start = *calendar_start_;
  const std::size_t u = row.unit.index();
  const ActivityContext c = contexts_.of(row);
  const std::string& unit = names_.name(row.unit);
  std::string line;
  line.reserve(128);
  append_ics_line(out, "BEGIN:VEVENT");
  line = "UID:";
  line += std::to_string(n);
  line += '.';
  line += models::to_string(row.kind);
  line += '.';
  line += uid_of_[u];
  line += '@';
  line += drill_;
  append_ics_line(out, line);
  append_ics_line(out, stamp_);
  const std::string from = ics_time(start, row.start);
  const std::string to = ics_time(start, end);
  append_ics_line(out, "DTSTART:" + from);
  if (to > from) append_ics_line(out, "DTEND:" + to);
  line = "SUMMARY:";
  append_ics_text(line, unit);
  line += ": ";
  line += words(row.kind);
  if (!c.task.empty()) {
    line += " (";
    append_ics_text(line, c.task);
    line += ')';
  } else if (!c.with.empty()) {
    line += " with ";
    append_ics_text(line, c.with);
  } else if (!c.place.empty()) {
    line += " at ";
    append_ics_text(line, c.place);
  }
  append_ics_line(out, line);
  append_ics_line(out, categories_[u]);
  if (!c.place.empty()) {
    line = "LOCATION:";
    append_ics_text(line, c.place);
    append_ics_line(out, line);
  }
  if (!row.end) append_ics_line(out, "DESCRIPTION:still going on when the run ended\\, shown ending there");
  append_ics_line(out, "END:VEVENT");
}

std::string timetable_csv(const TimetableSource& s) {
  const DashboardRecorder& r = s.recorder;
  const TimetableFormat format(r.names(), s.spec, s.calendar_start);
  std::string out(TimetableFormat::kCsvHead);
  out.reserve(out.size() + r.row_count() * 160);
  for (std::size_t id = 0; id < r.row_count(); ++id) {
    const ActivityRow& row = r.row(id);
    format.csv_row(out, row, row.end.value_or(s.end));
  }
  return out;
}

std::string timetable_ics(const TimetableSource& s) {
  if (!s.calendar_start) throw std::logic_error("timetable.ics needs the drill's calendar start");
  const DashboardRecorder& r = s.recorder;
  const TimetableFormat format(r.names(), s.spec, s.calendar_start);
  std::string out = format.ics_head();
  out.reserve(r.row_count() * 300);
  IcsNumbering numbering(format.units());
  for (std::size_t id = 0; id < r.row_count(); ++id) {
    const ActivityRow& row = r.row(id);
    if (const std::uint32_t n = numbering.next(row)) format.ics_event(out, row, n, row.end.value_or(s.end));
  }
  out += TimetableFormat::kIcsTail;
  return out;
}

}  // namespace drill::report
