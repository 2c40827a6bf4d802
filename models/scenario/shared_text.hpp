#pragma once
// Small pieces the drill loader's files share: a list item's key path, an
// entry found by name, text without its surrounding blanks.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace drill::models::scenario {

/// The key path of item `i` of the list at `path`: `naval.units[2]`.
inline std::string item(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

/// The first entry of `items` whose `name` is `name`; null if none is.
template <class T>
const T* find_named(const std::vector<T>& items, std::string_view name) {
  for (const T& t : items) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

/// `s` without leading and trailing spaces and tabs.
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace drill::models::scenario
