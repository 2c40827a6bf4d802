#include "sweep/series_keys.hpp"

#include <algorithm>
#include <vector>

#include "io/headline.hpp"
#include "models/scenario/suggest.hpp"

namespace drill::sweep {

SeriesKey series_key(const core::metrics::Snapshot& s, std::size_t i) {
  const core::metrics::Descriptor& d = s.descriptor(i);
  SeriesKey k;
  k.measure = d.name;
  for (const core::metrics::Label& l : s.series(i).labels) {
    if (!k.labels.empty()) k.labels += ',';
    k.labels += l.name;
    k.labels += '=';
    k.labels += l.value;
  }
  k.unit = std::string(core::metrics::to_string(d.unit));
  k.statistic = std::string(io::headline_statistic(d));
  return k;
}

bool has_key(const core::metrics::Snapshot& s, std::size_t i, const SeriesKey& key) noexcept {
  const core::metrics::Descriptor& d = s.descriptor(i);
  if (d.name != key.measure || core::metrics::to_string(d.unit) != key.unit ||
      io::headline_statistic(d) != key.statistic)
    return false;
  // key.labels against `kind=value,kind=value` piece by piece.
  std::string_view rest = key.labels;
  bool first = true;
  for (const core::metrics::Label& l : s.series(i).labels) {
    if (!first) {
      if (rest.empty() || rest.front() != ',') return false;
      rest.remove_prefix(1);
    }
    first = false;
    const std::string_view name = l.name;
    const std::string_view value = l.value;
    if (rest.substr(0, name.size()) != name) return false;
    rest.remove_prefix(name.size());
    if (rest.empty() || rest.front() != '=') return false;
    rest.remove_prefix(1);
    if (rest.substr(0, value.size()) != value) return false;
    rest.remove_prefix(value.size());
  }
  return rest.empty();
}

namespace {
bool name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }
}  // namespace

bool well_formed_series(std::string_view text) {
  const std::size_t brace = text.find('{');
  const std::string_view name = text.substr(0, brace);
  if (name.empty() || !std::all_of(name.begin(), name.end(), name_char)) return false;
  if (brace == std::string_view::npos) return true;
  if (text.back() != '}') return false;
  std::string_view labels = text.substr(brace + 1, text.size() - brace - 2);
  if (labels.empty()) return false;
  for (;;) {
    const std::size_t comma = labels.find(',');
    const std::string_view one = labels.substr(0, comma);
    const std::size_t eq = one.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == one.size()) return false;
    if (one.find_first_of("{}") != std::string_view::npos) return false;
    if (comma == std::string_view::npos) return true;
    labels.remove_prefix(comma + 1);
  }
}

SeriesMatch match_series(const core::metrics::Snapshot& s, std::string_view text) {
  const std::string_view measure = text.substr(0, text.find('{'));
  std::vector<std::size_t> of_measure;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.descriptor(i).name != measure) continue;
    of_measure.push_back(i);
    if (series_key(s, i).text() == text) return SeriesMatch{i, {}, {}};
  }
  if (of_measure.empty()) {
    std::vector<std::string> names;
    for (const core::metrics::Descriptor& d : s.descriptors()) names.push_back(d.name);
    return SeriesMatch{std::nullopt, "the drill has no measure '" + std::string(measure) + "'",
                       models::scenario::suggestion_hint(measure, names)};
  }
  if (measure.size() == text.size() && of_measure.size() == 1) return SeriesMatch{of_measure.front(), {}, {}};
  std::string list;
  for (std::size_t n = 0; n < of_measure.size(); ++n) {
    if (n == 8) {
      list += ", ... (" + std::to_string(of_measure.size()) + " in all)";
      break;
    }
    list += (n ? ", " : "") + series_key(s, of_measure[n]).text();
  }
  // Messages appended piece by piece: g++ 12 at -O3 warns falsely
  // (-Wrestrict) on a chain of + that starts with a literal.
  std::string has = "'";
  has.append(measure).append("' has ");
  if (measure.size() == text.size()) {
    has.append(std::to_string(of_measure.size())).append(" series; name one with its labels");
    return SeriesMatch{std::nullopt, std::move(has), "one of " + list};
  }
  std::string no_series = "the drill has no series '";
  no_series.append(text).append("'");
  return SeriesMatch{std::nullopt, std::move(no_series), has.append(list)};
}

}  // namespace drill::sweep
