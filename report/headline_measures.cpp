#include "report/headline_measures.hpp"

#include <stdexcept>

namespace drill::report {

std::vector<HeadlineMeasure> headline_measures(const core::metrics::Snapshot& s) {
  std::vector<HeadlineMeasure> out;
  const auto add = [&](const io::HeadlineLine& line) {
    const std::size_t i = line.series.front();
    const core::metrics::Descriptor& d = s.descriptor(i);
    HeadlineMeasure m{core::metrics::metric_name(d), d.name, s.series(i).labels,
                      std::string(io::headline_statistic(d)), d, line};
    if (line.combine != io::HeadlineLine::Combine::one && m.labels.size() > 1) m.labels.resize(1);
    out.push_back(std::move(m));
  };
  for (std::size_t i = 0; i < s.size(); ++i)
    if (io::is_headline(s, i) && s.series(i).labels.empty())
      add(io::HeadlineLine{{i}, io::HeadlineLine::Combine::one, {}});
  for (const io::HeadlineLine& line : io::headline_lines(s)) add(line);
  return out;
}

double value_of(const core::metrics::Snapshot& s, const HeadlineMeasure& m) noexcept {
  return io::headline_value(s, m.line);
}

void HeadlineAcross::add(const core::metrics::Snapshot& s) {
  if (replications_ == 0) {
    measures_ = headline_measures(s);
    values_.resize(measures_.size());
  } else {
    const std::vector<HeadlineMeasure> now = headline_measures(s);
    bool same = now.size() == measures_.size();
    for (std::size_t i = 0; same && i < now.size(); ++i)
      same = now[i].name == measures_[i].name && now[i].line.series == measures_[i].line.series;
    if (!same) throw std::invalid_argument("a replication has other headline measures than the first");
  }
  for (std::size_t i = 0; i < measures_.size(); ++i) values_[i].push_back(value_of(s, measures_[i]));
  ++replications_;
}

}  // namespace drill::report
