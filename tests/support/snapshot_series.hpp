// Test helper: one series of a collector snapshot, found by its measure's
// name (the descriptor's, e.g. "resource_wait") and its label values in the
// descriptor's label order (e.g. {"home", "launch"}). Throws when there is
// no such series, which fails the test loudly.
#pragma once

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/metrics/snapshot.hpp"

namespace drill::testing {

inline const core::metrics::Values& series(const core::metrics::Snapshot& s, std::string_view measure,
                                           std::initializer_list<std::string_view> labels = {}) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.descriptor(i).name != measure) continue;
    const auto& have = s.series(i).labels;
    if (have.size() != labels.size()) continue;
    bool same = true;
    std::size_t l = 0;
    for (std::string_view want : labels) same = same && have[l++].value == want;
    if (same) return s.values(i);
  }
  std::string which(measure);
  for (std::string_view l : labels) which += " " + std::string(l);
  throw std::runtime_error("no series " + which);
}

inline double value_of(const core::metrics::Snapshot& s, std::string_view measure,
                       std::initializer_list<std::string_view> labels = {}) {
  return series(s, measure, labels).value;
}

}  // namespace drill::testing
