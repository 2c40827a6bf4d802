// Reading YAML nodes into typed values while collecting diagnostics.
//
// `MapReader` wraps one YAML mapping at a known key path. Every accessor
// records the key as known, reads and checks the value, reports any problem
// to the shared `Diagnostics`, and returns nullopt when the value is absent
// or wrong; parsing then carries on, so one pass finds every error.
// `finish()` reports the keys nobody asked for (with "did you mean") and
// duplicate keys. Positions of everything read go into a `SourceMap` so the
// later cross-checks can point at the right line.
//
// Internal to the scenario loader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/scenario/diagnostic.hpp"
#include "models/scenario/distribution_spec.hpp"
#include "models/scenario/integer_limits.hpp"
#include "models/scenario/quantity.hpp"

namespace drill::models::scenario {

/// Key path -> position of the value, for every value read.
class SourceMap {
 public:
  void record(const std::string& path, SourcePos pos) { positions_.emplace(path, pos); }
  /// The position of `path`, or of its closest recorded ancestor.
  SourcePos at(std::string_view path) const;

 private:
  std::map<std::string, SourcePos, std::less<>> positions_;
};

SourcePos position_of(const YAML::Node& node);

struct ReadContext {
  Diagnostics& diags;
  SourceMap& where;
};

/// The longest name or text value a drill may hold, in bytes (UTF-8).
inline constexpr std::size_t kMaxNameBytes = 256;

enum class Need { optional, required };
/// Sign constraint on numbers and quantities.
enum class Sign { any, non_negative, positive };

class MapReader {
 public:
  /// Reports an error (and reads nothing) if `node` is defined but not a map.
  MapReader(ReadContext& ctx, YAML::Node node, std::string path);

  bool is_map() const noexcept { return is_map_; }
  bool has(std::string_view key);
  /// The value node of `key` (undefined if absent); registers the key.
  YAML::Node node(std::string_view key);
  std::string path(std::string_view key) const;
  const std::string& own_path() const noexcept { return path_; }
  SourcePos pos(std::string_view key) const;
  SourcePos pos() const noexcept { return pos_; }

  /// Non-empty, at most kMaxNameBytes, no control characters.
  std::optional<std::string> text(std::string_view key, Need need);
  /// A whole number within `range` (written as digits, or as a number with
  /// a zero fraction such as 3.0); out of range is an error naming the range.
  std::optional<std::int64_t> integer(std::string_view key, Need need, IntRange range);
  std::optional<double> number(std::string_view key, Need need, double min, double max);
  std::optional<double> quantity(std::string_view key, Dimension dim, Need need, Sign sign);
  std::optional<core::Duration> duration(std::string_view key, Need need, Sign sign);
  std::optional<core::SimTime> time(std::string_view key, Need need);
  std::optional<DistributionSpec> distribution(std::string_view key, Dimension dim, Need need);
  /// A list of names; a single name is accepted as a list of one.
  std::optional<std::vector<std::string>> names(std::string_view key, Need need);

  /// Reports unknown and duplicate keys. Call once, after all accessors.
  void finish();

 private:
  /// The scalar text of `key`, or nullopt after reporting why not.
  std::optional<std::string> scalar(std::string_view key, Need need, std::string_view what);

  ReadContext& ctx_;
  YAML::Node node_;
  std::string path_;
  SourcePos pos_;
  bool is_map_ = false;
  std::vector<std::string> known_;
};

/// Calls `fn(item, item_path)` for each element of a sequence at `path`;
/// reports an error if the node is defined but not a sequence.
void for_each_item(ReadContext& ctx, const YAML::Node& node, const std::string& path,
                   const std::function<void(const YAML::Node&, const std::string&)>& fn);

/// A whole number written as digits (exact at any length; beyond int64 it
/// saturates to the int64 limit of its sign, so a range check refuses it) or
/// as a number with a zero fraction (2.0; saturating beyond 2^53, where a
/// double is no longer exact). Nullopt for anything else.
std::optional<std::int64_t> parse_whole_number(std::string_view text);

/// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
std::string join_path(std::string_view parent, std::string_view key);

}  // namespace drill::models::scenario
