#include "server/request_bodies.hpp"

#include <algorithm>
#include <sstream>

// Boost 1.74's JSON parser for property trees still includes the old
// <boost/bind.hpp>, which puts _1, _2, ... in the global namespace and says
// so with a #pragma message in every build unless asked for them by name.
// Nothing here uses them; the definition only keeps the build's output clean.
#define BOOST_BIND_GLOBAL_PLACEHOLDERS
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include "server/request.hpp"

namespace drill::server {
namespace {

/// Nesting of JSON text (outside strings), so that no parser recurses
/// deeper than a small bound on untrusted input.
bool shallow(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

/// A small JSON object as a property tree (Boost.PropertyTree: every value
/// a string, arrays as children without keys); nullopt if it is not one.
/// Protobuf's Struct would do, but its map is unsafe in a build whose
/// sanitizer instrumentation differs from the system library's.
std::optional<boost::property_tree::ptree> parse_json_object(const std::string& text) {
  if (!shallow(text, 8)) return std::nullopt;
  try {
    std::istringstream in(text);
    boost::property_tree::ptree tree;
    boost::property_tree::read_json(in, tree);
    return tree;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

/// Reads a subscription `{"subscribe": {...}}`; nullopt if it is not one.
std::optional<Subscription> parse_subscription(const std::string& text) {
  const auto tree = parse_json_object(text);
  if (!tree) return std::nullopt;
  const auto sub = tree->get_child_optional("subscribe");
  if (!sub || !sub->data().empty()) return std::nullopt;
  Subscription s;
  for (const auto& [key, value] : *sub) {
    if ((key == "metrics" || key == "labels") && !value.data().empty()) return std::nullopt;  // a scalar
    if (key == "metrics") {
      for (const auto& [k, v] : value) {
        if (!k.empty() || !v.empty()) return std::nullopt;  // an array of strings
        if (v.data() == "*")
          s.all_metrics = true;
        else
          s.metrics.push_back(v.data());
      }
    } else if (key == "labels") {
      for (const auto& [k, v] : value) {
        if (k.empty() || !v.empty()) return std::nullopt;  // an object of strings
        s.labels.emplace_back(k, v.data());
      }
      std::sort(s.labels.begin(), s.labels.end());
    } else if (key == "timeline" || key == "messages" || key == "tracks") {
      if (value.data() != "true" && value.data() != "false") return std::nullopt;
      (key == "timeline" ? s.timeline : key == "messages" ? s.messages : s.tracks) = value.data() == "true";
    }
  }
  return s;
}

std::optional<ControlRequest> parse_control(const std::string& text) {
  const auto tree = parse_json_object(text);
  if (!tree) return std::nullopt;
  const auto action = tree->get_optional<std::string>("action");
  if (!action) return std::nullopt;
  ControlRequest c{};
  if (*action == "pause") {
    c.action = ControlRequest::Action::pause;
  } else if (*action == "resume") {
    c.action = ControlRequest::Action::resume;
  } else if (*action == "pace") {
    c.action = ControlRequest::Action::pace;
    const auto p = tree->get_optional<std::string>("pace");
    if (!p) return std::nullopt;
    if (*p != "null") {
      const auto v = parse_pace(*p);
      if (!v || p->back() == 'x') return std::nullopt;
      c.pace = v;
    }
  } else {
    return std::nullopt;
  }
  return c;
}

}  // namespace drill::server
