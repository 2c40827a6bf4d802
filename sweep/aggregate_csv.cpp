#include "sweep/aggregate_csv.hpp"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

#include "io/csv_field.hpp"

namespace drill::sweep {

namespace {

/// Text gathered before it is handed on.
constexpr std::size_t kPiece = 64 * 1024;

}  // namespace

std::string number_text(double v) {
  char text[32];
  const auto r = std::to_chars(text, text + sizeof text, v);
  return std::string(text, r.ptr);
}

AggregateCsvWriter::AggregateCsvWriter(std::vector<std::string> paths, std::function<void(std::string_view)> write)
    : paths_(std::move(paths)), write_(std::move(write)) {
  text_ = "point_id,label";
  for (const std::string& path : paths_) {
    text_ += ',';
    io::append_csv_field(text_, path);
  }
  text_ += ",series,measure,labels,unit,statistic,n,mean,sd,ci_low,ci_high,min,max\n";
}

void AggregateCsvWriter::add(const AggregateRow& row) {
  std::string& out = text_;
  out += std::to_string(row.point.value);
  out += ',';
  io::append_csv_field(out, row.label);
  for (const std::string& path : paths_) {
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
  if (out.size() >= kPiece) {
    write_(out);
    out.clear();
  }
}

void AggregateCsvWriter::finish() {
  if (!text_.empty()) write_(text_);
  text_.clear();
}

void write_aggregate_csv(const SweepDb& db, const std::function<void(std::string_view)>& write) {
  AggregateCsvWriter csv(db.parameter_paths(), write);
  db.read_aggregate([&](const AggregateRow& row) { csv.add(row); });
  csv.finish();
}

std::string aggregate_csv(const SweepDb& db) {
  std::string text;
  write_aggregate_csv(db, [&](std::string_view piece) { text += piece; });
  return text;
}

}  // namespace drill::sweep
