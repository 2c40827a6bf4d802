#include "models/scenario/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include "models/scenario/suggest.hpp"

namespace drill::models::scenario {

namespace {

constexpr const char* kNameHint = "names are short plain text, e.g. 'argyll' or 'Northern Guard 2026'";

/// Why `s` cannot be a name or a text value, or nullopt when it can: every
/// output copies these (JSON, CSV, Prometheus labels, the printout), where
/// a control character would break a line or a record and a megabyte-long
/// name would repeat in every row.
std::optional<std::string> why_not_a_name(std::string_view s) {
  if (s.size() > kMaxNameBytes)
    return "is " + std::to_string(s.size()) + " bytes long; a name or text value is at most " +
           std::to_string(kMaxNameBytes) + " bytes";
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(b));
      return std::string("holds a control character (") + hex + "); a name or text value is one line of printable text";
    }
  }
  return std::nullopt;
}

std::string sign_violation(Sign sign) {
  return sign == Sign::positive ? "must be positive" : "must not be negative";
}

bool sign_ok(double v, Sign sign) {
  switch (sign) {
    case Sign::any: return true;
    case Sign::non_negative: return v >= 0;
    case Sign::positive: return v > 0;
  }
  return true;
}

std::string kind_of(const YAML::Node& n) {
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  if (n.IsNull()) return "nothing";
  return "'" + n.Scalar() + "'";
}

}  // namespace

std::optional<std::int64_t> parse_whole_number(std::string_view s) {
  // Plain digits are read exactly, whatever their size; anything else (2.0)
  // goes through the number parser and must be a whole double.
  const bool negative = !s.empty() && s.front() == '-';
  const std::string_view digits = negative || (!s.empty() && s.front() == '+') ? s.substr(1) : s;
  if (!digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::uint64_t magnitude = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    // Beyond int64 every range is exceeded: saturate so the caller reports the range.
    if (ec == std::errc::result_out_of_range || magnitude > kMax) magnitude = kMax;
    else if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
    const auto v = static_cast<std::int64_t>(magnitude);
    return negative ? -v : v;
  }
  auto v = parse_quantity(s, Dimension::number);
  constexpr double kExact = 9007199254740992.0;  // 2^53: every whole double below it is exact
  if (!v || std::floor(*v) != *v) return std::nullopt;
  if (*v >= kExact) return std::numeric_limits<std::int64_t>::max();
  if (*v <= -kExact) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(*v);
}

SourcePos SourceMap::at(std::string_view path) const {
  std::string p{path};
  while (true) {
    if (auto it = positions_.find(p); it != positions_.end()) return it->second;
    const std::size_t cut = p.find_last_of(".[");
    if (cut == std::string::npos || cut == 0) break;
    p.resize(cut);
  }
  return {};
}

SourcePos position_of(const YAML::Node& node) {
  const YAML::Mark m = node.Mark();
  if (m.is_null()) return {};
  return SourcePos{m.line + 1, m.column + 1};
}

std::string join_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return std::string(parent) + "." + std::string(key);
}

MapReader::MapReader(ReadContext& ctx, YAML::Node node, std::string path)
    : ctx_(ctx), node_(std::move(node)), path_(std::move(path)) {
  if (!node_.IsDefined()) return;
  pos_ = position_of(node_);
  ctx_.where.record(path_, pos_);
  is_map_ = node_.IsMap();
  if (!is_map_) {
    ctx_.diags.error(pos_, path_, "expected a mapping of keys to values, got " + kind_of(node_));
  }
}

std::string MapReader::path(std::string_view key) const { return join_path(path_, key); }

YAML::Node MapReader::node(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  if (!is_map_) return YAML::Node(YAML::NodeType::Undefined);
  // Through a const node: a non-const operator[] may insert the key.
  const YAML::Node& map = node_;
  YAML::Node child = map[std::string(key)];
  if (child.IsDefined()) ctx_.where.record(path(key), position_of(child));
  return child;
}

bool MapReader::has(std::string_view key) { return node(key).IsDefined(); }

SourcePos MapReader::pos(std::string_view key) const {
  if (is_map_) {
    const YAML::Node& map = node_;
    const YAML::Node child = map[std::string(key)];
    if (child.IsDefined()) return position_of(child);
  }
  return pos_;
}

std::optional<std::string> MapReader::scalar(std::string_view key, Need need, std::string_view what) {
  const YAML::Node n = node(key);
  if (!n.IsDefined()) {
    if (need == Need::required && is_map_) {
      ctx_.diags.error(pos_, path_, "missing required key '" + std::string(key) + "' (" + std::string(what) + ")");
    }
    return std::nullopt;
  }
  if (!n.IsScalar()) {
    ctx_.diags.error(position_of(n), path(key), "expected " + std::string(what) + ", got " + kind_of(n));
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<std::string> MapReader::text(std::string_view key, Need need) {
  auto s = scalar(key, need, "a name or text");
  if (s && s->empty()) {
    ctx_.diags.error(pos(key), path(key), "must not be empty");
    return std::nullopt;
  }
  if (s) {
    if (const std::optional<std::string> why = why_not_a_name(*s)) {
      ctx_.diags.error(pos(key), path(key), *why, kNameHint);
      return std::nullopt;
    }
  }
  return s;
}

std::optional<std::int64_t> MapReader::integer(std::string_view key, Need need, IntRange range) {
  auto s = scalar(key, need, "a whole number");
  if (!s) return std::nullopt;
  const auto value = parse_whole_number(*s);
  const std::string range_text = "[" + std::to_string(range.min) + ", " + std::to_string(range.max) + "]";
  if (!value) {
    ctx_.diags.error(pos(key), path(key), "expected a whole number, got '" + *s + "'",
                     "write a whole number in " + range_text);
    return std::nullopt;
  }
  if (*value < range.min || *value > range.max) {
    ctx_.diags.error(pos(key), path(key), "'" + *s + "' is outside " + range_text,
                     std::string(key) + " is a whole number from " + std::to_string(range.min) + " to " +
                         std::to_string(range.max));
    return std::nullopt;
  }
  return *value;
}

std::optional<double> MapReader::number(std::string_view key, Need need, double min, double max) {
  auto s = scalar(key, need, "a number");
  if (!s) return std::nullopt;
  auto v = parse_quantity(*s, Dimension::number);
  if (!v) {
    ctx_.diags.error(pos(key), path(key), v.error().message, v.error().hint);
    return std::nullopt;
  }
  if (*v < min || *v > max) {
    ctx_.diags.error(pos(key), path(key),
                     "'" + *s + "' is outside [" + std::to_string(static_cast<long long>(min)) + ", " +
                         std::to_string(static_cast<long long>(max)) + "]");
    return std::nullopt;
  }
  return *v;
}

std::optional<double> MapReader::quantity(std::string_view key, Dimension dim, Need need, Sign sign) {
  auto s = scalar(key, need, "a " + std::string(dimension_name(dim)));
  if (!s) return std::nullopt;
  auto v = parse_quantity(*s, dim);
  if (!v) {
    ctx_.diags.error(pos(key), path(key), v.error().message, v.error().hint);
    return std::nullopt;
  }
  if (!sign_ok(*v, sign)) {
    ctx_.diags.error(pos(key), path(key), std::string(dimension_name(dim)) + " '" + *s + "' " + sign_violation(sign));
    return std::nullopt;
  }
  return *v;
}

std::optional<core::Duration> MapReader::duration(std::string_view key, Need need, Sign sign) {
  auto s = scalar(key, need, "a duration");
  if (!s) return std::nullopt;
  auto v = parse_duration_quantity(*s);
  if (!v) {
    ctx_.diags.error(pos(key), path(key), v.error().message, v.error().hint);
    return std::nullopt;
  }
  if (!sign_ok(static_cast<double>(v->ticks()), sign)) {
    ctx_.diags.error(pos(key), path(key), "duration '" + *s + "' " + sign_violation(sign));
    return std::nullopt;
  }
  return *v;
}

std::optional<core::SimTime> MapReader::time(std::string_view key, Need need) {
  auto s = scalar(key, need, "a time such as 'D+1 06:00'");
  if (!s) return std::nullopt;
  auto v = parse_time_point(*s);
  if (!v) {
    ctx_.diags.error(pos(key), path(key), v.error().message, v.error().hint);
    return std::nullopt;
  }
  return *v;
}

std::optional<DistributionSpec> MapReader::distribution(std::string_view key, Dimension dim, Need need) {
  auto s = scalar(key, need, "a " + std::string(dimension_name(dim)) + " or a distribution");
  if (!s) return std::nullopt;
  auto v = parse_distribution(*s, dim);
  if (!v) {
    ctx_.diags.error(pos(key), path(key), v.error().message, v.error().hint);
    return std::nullopt;
  }
  return *v;
}

std::optional<std::vector<std::string>> MapReader::names(std::string_view key, Need need) {
  const YAML::Node n = node(key);
  if (!n.IsDefined()) {
    if (need == Need::required && is_map_) {
      ctx_.diags.error(pos_, path_, "missing required key '" + std::string(key) + "' (a list of names)");
    }
    return std::nullopt;
  }
  std::vector<std::string> out;
  if (n.IsScalar()) {
    if (const std::optional<std::string> why = why_not_a_name(n.Scalar())) {
      ctx_.diags.error(position_of(n), path(key), *why, kNameHint);
      return std::nullopt;
    }
    out.push_back(n.Scalar());
    return out;
  }
  if (!n.IsSequence()) {
    ctx_.diags.error(position_of(n), path(key), "expected a list of names, got " + kind_of(n));
    return std::nullopt;
  }
  bool ok = true;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string item_path = path(key) + "[" + std::to_string(i) + "]";
    ctx_.where.record(item_path, position_of(n[i]));
    if (!n[i].IsScalar() || n[i].Scalar().empty()) {
      ctx_.diags.error(position_of(n[i]), item_path, "expected a name, got " + kind_of(n[i]));
      ok = false;
      continue;
    }
    if (const std::optional<std::string> why = why_not_a_name(n[i].Scalar())) {
      ctx_.diags.error(position_of(n[i]), item_path, *why, kNameHint);
      ok = false;
      continue;
    }
    out.push_back(n[i].Scalar());
  }
  if (!ok) return std::nullopt;
  return out;
}

void MapReader::finish() {
  if (!is_map_) return;
  std::vector<std::string> seen;
  for (const auto& entry : node_) {
    const YAML::Node k = entry.first;
    const SourcePos at = position_of(k);
    if (!k.IsScalar()) {
      ctx_.diags.error(at, path_, "keys must be plain names, got " + kind_of(k));
      continue;
    }
    const std::string& key = k.Scalar();
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      ctx_.diags.error(at, path(key), "duplicate key '" + key + "'", "each key may appear once in a mapping");
      continue;
    }
    seen.push_back(key);
    if (std::find(known_.begin(), known_.end(), key) == known_.end()) {
      ctx_.diags.error(at, path(key), "unknown key '" + key + "'", suggestion_hint(key, known_));
    }
  }
}

void for_each_item(ReadContext& ctx, const YAML::Node& node, const std::string& path,
                   const std::function<void(const YAML::Node&, const std::string&)>& fn) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!node.IsSequence()) {
    ctx.diags.error(position_of(node), path, "expected a list, got " + kind_of(node), "write one item per line starting with '- '");
    return;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    ctx.where.record(item_path, position_of(node[i]));
    fn(node[i], item_path);
  }
}

}  // namespace drill::models::scenario
