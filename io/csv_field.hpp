// One CSV field as RFC 4180 writes it: as is, or in double quotes (inner
// quotes doubled) when it holds a comma, a quote or a line break. Shared by
// timeseries.csv and the exercise timetable.
#pragma once

#include <string>
#include <string_view>

namespace drill::io {

inline void append_csv_field(std::string& out, std::string_view s) {
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

}  // namespace drill::io
