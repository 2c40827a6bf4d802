// The JSON bodies the live server reads from clients: a WebSocket
// subscription and a POST /api/control request. Both are untrusted text:
// each reader yields a value or nullopt, never throws, and parses nothing
// nested deeper than a small bound (so no parser recurses on hostile input).
#pragma once

#include <optional>
#include <string>

#include "server/hub.hpp"

namespace drill::server {

/// `{"subscribe": {"metrics": [...], "labels": {...}, "timeline": bool,
/// "messages": bool, "tracks": bool}}`; nullopt if it is not one.
std::optional<Subscription> parse_subscription(const std::string& text);

/// `{"action": "pause"|"resume"|"pace", "pace": N|null}` (a pace as
/// simulated seconds per wall second; null: as fast as possible).
struct ControlRequest {
  enum class Action { pause, resume, pace } action;
  std::optional<double> pace;
};
std::optional<ControlRequest> parse_control(const std::string& text);

}  // namespace drill::server
