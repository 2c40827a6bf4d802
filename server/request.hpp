// The parts of answering a request that need no socket: splitting a target
// into its path and query parameters, reading the parameters the endpoints
// take, checking a bearer token, reading a `--serve` address and a pace.
// All of it reads untrusted text and never throws on bad input: it says no.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace drill::server {

/// A request target: `/api/series?metric=x&label=unit:argyll`.
struct Target {
  std::string path;
  std::vector<std::pair<std::string, std::string>> params;  // decoded, in order
  /// The first value of `name`, if any.
  std::optional<std::string> param(std::string_view name) const;
  /// Every value of `name`, in order.
  std::vector<std::string> params_named(std::string_view name) const;
};

/// nullopt for a target that is not an origin-form path with a query
/// (no leading '/', bad %-escapes, a NUL, a '..' segment).
std::optional<Target> parse_target(std::string_view target);

/// `kind:name` (the name may hold ':'): nullopt without a ':' or with an
/// empty kind.
std::optional<std::pair<std::string, std::string>> parse_label(std::string_view text);

/// A whole decimal number fitting int64 (optionally negative); nullopt
/// otherwise.
std::optional<std::int64_t> parse_integer(std::string_view text);

/// `a` equals `b`, in time that depends on their lengths only.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

/// The Authorization header's value carries `Bearer TOKEN` with this token.
bool bearer_matches(std::string_view authorization, std::string_view token) noexcept;

/// A browser cannot set headers on a WebSocket: the live page offers the
/// token as a subprotocol, `drillsim.bearer.TOKEN`, beside `drillsim`.
inline constexpr std::string_view kWsProtocol = "drillsim";
inline constexpr std::string_view kWsBearerPrefix = "drillsim.bearer.";
/// A Sec-WebSocket-Protocol value (comma-separated) offers
/// `drillsim.bearer.TOKEN` with this token (compared in constant time).
bool protocol_bearer_matches(std::string_view protocols, std::string_view token) noexcept;
/// It offers `drillsim`, the protocol the server then answers with.
bool offers_drillsim_protocol(std::string_view protocols) noexcept;
/// A token a page can carry in its URL and a subprotocol: RFC 7230 token
/// characters (letters, digits and !#$%&'*+-.^_`|~), at most 256.
bool is_url_safe_token(std::string_view token) noexcept;

/// `[ADDR:]PORT` of `--serve`: 8080, 127.0.0.1:8080, [::1]:8080, 0.0.0.0:0.
struct ServeAddress {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;
};
std::optional<ServeAddress> parse_serve_address(std::string_view text);
/// An IPv4 literal (four decimal octets) or an IPv6 one (without brackets).
bool is_ip_address(std::string_view address) noexcept;
/// The address is a loopback one: an IPv4 literal in 127.0.0.0/8, the IPv6
/// ::1 (any spelling), or the name `localhost` (in any case). Nothing else:
/// `127.attacker.example` is a name its owner may resolve anywhere.
bool is_loopback(std::string_view address) noexcept;
/// `a` and `b` are equal ignoring ASCII case (host names, RFC 9110 4.2.3).
bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept;

/// `600x` or `600` (simulated seconds per wall second; positive, finite).
std::optional<double> parse_pace(std::string_view text);

}  // namespace drill::server
