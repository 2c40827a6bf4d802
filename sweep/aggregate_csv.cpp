#include "sweep/aggregate_csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "io/csv_field.hpp"

namespace drill::sweep {

std::string number_text(double v) {
  char text[32];
  const auto r = std::to_chars(text, text + sizeof text, v);
  return std::string(text, r.ptr);
}

std::string aggregate_csv(const std::vector<AggregateRow>& rows) {
  std::vector<std::string> paths;
  for (const AggregateRow& row : rows)
    for (const auto& [path, value] : row.parameters)
      if (std::find(paths.begin(), paths.end(), path) == paths.end()) paths.push_back(path);

  std::string out = "point_id,label";
  for (const std::string& path : paths) {
    out += ',';
    io::append_csv_field(out, path);
  }
  out += ",series,measure,labels,unit,statistic,n,mean,sd,ci_low,ci_high,min,max\n";
  for (const AggregateRow& row : rows) {
    out += std::to_string(row.point.value);
    out += ',';
    io::append_csv_field(out, row.label);
    for (const std::string& path : paths) {
      out += ',';
      for (const auto& [p, value] : row.parameters)
        if (p == path) {
          io::append_csv_field(out, value);
          break;
        }
    }
    const SeriesKey& k = row.series;
    for (const std::string& field : {k.text(), k.measure, k.labels, k.unit, k.statistic}) {
      out += ',';
      io::append_csv_field(out, field);
    }
    const SeriesSummary& s = row.summary;
    out += ',' + std::to_string(s.n);
    for (double v : {s.mean, s.sd, s.ci_low, s.ci_high, s.min, s.max}) {
      out += ',';
      if (!std::isnan(v)) out += number_text(v);  // NaN (sweep.db's NULL): an empty cell
    }
    out += '\n';
  }
  return out;
}

}  // namespace drill::sweep
