// "Did you mean ...?" suggestions for misspelt keys, units and names.
//
// Uses the optimal-string-alignment edit distance (insert, delete,
// substitute, swap of neighbours), compared case-insensitively. A candidate
// is suggested only when it is close relative to the word's length, so a
// short typo does not pull in an unrelated name. Ties go to the earliest
// candidate, so suggestions are deterministic. Cost O(|a|*|b|) per pair.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drill::models::scenario {

std::size_t edit_distance(std::string_view a, std::string_view b);

/// The closest candidate within the distance threshold, if any.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// A hint for an unknown word: "did you mean 'X'?" when a candidate is close;
/// otherwise "expected one of: a, b, c" when the list is short; otherwise "".
std::string suggestion_hint(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace drill::models::scenario
