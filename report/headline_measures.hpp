// The headline measures of a snapshot as the dashboard lists them (the
// printout's lines, io/headline.hpp: every unlabelled headline series, then
// a line per labelled headline series or per first label of a measure that
// crosses entities), and the same lines across the replications of a set
// with every replication's value (the dashboard's `aggregate`).
// Costs: one double per line and replication; the snapshot of the first
// replication names the lines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/metrics/snapshot.hpp"
#include "io/headline.hpp"

namespace drill::report {

/// One headline line of a snapshot.
struct HeadlineMeasure {
  std::string name;      // exported metric name, e.g. drill_sorties_flown_total
  std::string measure;   // descriptor name
  std::vector<core::metrics::Label> labels;  // a combined line: its first label only
  std::string statistic;  // value, mean or per_day
  core::metrics::Descriptor descriptor;
  io::HeadlineLine line;  // its series in the snapshot
};

std::vector<HeadlineMeasure> headline_measures(const core::metrics::Snapshot& s);
double value_of(const core::metrics::Snapshot& s, const HeadlineMeasure& m) noexcept;

/// The headline lines across replications, added in replication order.
class HeadlineAcross {
 public:
  /// Throws std::invalid_argument if `s` has other lines than the first.
  void add(const core::metrics::Snapshot& s);
  std::uint64_t replications() const noexcept { return replications_; }
  const std::vector<HeadlineMeasure>& measures() const noexcept { return measures_; }
  /// Line i's value in each replication, in replication order.
  const std::vector<double>& values(std::size_t i) const noexcept { return values_[i]; }

 private:
  std::vector<HeadlineMeasure> measures_;
  std::vector<std::vector<double>> values_;
  std::uint64_t replications_ = 0;
};

}  // namespace drill::report
