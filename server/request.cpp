#include "server/request.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace drill::server {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// %-decoding (and '+' as a space in the query); nullopt on a bad escape or
/// a NUL.
std::optional<std::string> decode(std::string_view s, bool query) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex_digit(s[i + 1]);
      const int lo = hex_digit(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (query && c == '+') {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    out += c;
  }
  return out;
}

}  // namespace

std::optional<std::string> Target::param(std::string_view name) const {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return std::nullopt;
}

std::vector<std::string> Target::params_named(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : params)
    if (k == name) out.push_back(v);
  return out;
}

std::optional<Target> parse_target(std::string_view target) {
  if (target.empty() || target[0] != '/') return std::nullopt;
  const std::size_t q = target.find('?');
  Target t;
  auto path = decode(target.substr(0, q), false);
  if (!path) return std::nullopt;
  // No segment may climb: nothing is served from a file system, but a
  // path that tries is refused outright.
  if (path->find("/..") != std::string::npos || path->find('\\') != std::string::npos) return std::nullopt;
  t.path = std::move(*path);
  if (q == std::string_view::npos) return t;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    auto k = decode(pair.substr(0, eq), true);
    auto v = decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!k || !v) return std::nullopt;
    t.params.emplace_back(std::move(*k), std::move(*v));
  }
  return t;
}

std::optional<std::pair<std::string, std::string>> parse_label(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  return std::make_pair(std::string(text.substr(0, colon)), std::string(text.substr(colon + 1)));
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || r.ec != std::errc{} || r.ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  // Every byte of the longer one is looked at whatever the contents, so the
  // time says nothing about where the first difference is.
  const std::size_t n = a.size() > b.size() ? a.size() : b.size();
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff = static_cast<unsigned char>(diff | (x ^ y));
  }
  return diff == 0;
}

bool bearer_matches(std::string_view authorization, std::string_view token) noexcept {
  constexpr std::string_view scheme = "Bearer ";
  if (authorization.size() < scheme.size()) return false;
  // The scheme is case-insensitive (RFC 9110).
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    const char c = authorization[i];
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    const char want = scheme[i] >= 'A' && scheme[i] <= 'Z' ? static_cast<char>(scheme[i] - 'A' + 'a') : scheme[i];
    if (lower != want) return false;
  }
  return constant_time_equal(authorization.substr(scheme.size()), token);
}

namespace {
std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

template <class F>
bool any_protocol(std::string_view protocols, F&& f) {
  bool found = false;  // every entry is looked at: the time does not say which matched
  while (!protocols.empty()) {
    const auto comma = protocols.find(',');
    found |= f(trimmed(protocols.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    protocols.remove_prefix(comma + 1);
  }
  return found;
}
}  // namespace

bool protocol_bearer_matches(std::string_view protocols, std::string_view token) noexcept {
  return any_protocol(protocols, [&](std::string_view p) {
    return p.size() > kWsBearerPrefix.size() && p.substr(0, kWsBearerPrefix.size()) == kWsBearerPrefix &&
           constant_time_equal(p.substr(kWsBearerPrefix.size()), token);
  });
}

bool offers_drillsim_protocol(std::string_view protocols) noexcept {
  return any_protocol(protocols, [](std::string_view p) { return p == kWsProtocol; });
}

bool is_url_safe_token(std::string_view token) noexcept {
  if (token.empty() || token.size() > 256) return false;
  for (const char c : token) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

std::optional<ServeAddress> parse_serve_address(std::string_view text) {
  ServeAddress a;
  std::string_view port = text;
  if (!text.empty() && text[0] == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') return std::nullopt;
    a.address = std::string(text.substr(1, close - 1));
    port = text.substr(close + 2);
  } else if (const std::size_t colon = text.rfind(':'); colon != std::string_view::npos) {
    a.address = std::string(text.substr(0, colon));
    port = text.substr(colon + 1);
  }
  if (a.address.empty()) return std::nullopt;
  const auto p = parse_integer(port);
  if (!p || *p < 0 || *p > 65535 || port[0] == '-' || port[0] == '+') return std::nullopt;
  a.port = static_cast<std::uint16_t>(*p);
  return a;
}

namespace {

/// The four octets of a dotted-decimal IPv4 literal (1 to 3 digits each, no
/// leading zero, at most 255); nullopt for anything else.
std::optional<std::array<unsigned, 4>> ipv4_octets(std::string_view text) noexcept {
  std::array<unsigned, 4> octets{};
  for (std::size_t i = 0; i < octets.size(); ++i) {
    const std::size_t dot = text.find('.');
    if ((i + 1 < octets.size()) == (dot == std::string_view::npos)) return std::nullopt;
    const std::string_view part = text.substr(0, dot);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return std::nullopt;
    unsigned v = 0;
    for (const char c : part) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v > 255) return std::nullopt;
    octets[i] = v;
    text = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  }
  return octets;
}

/// The 16 bytes of an IPv6 literal; nullopt for anything else.
std::optional<in6_addr> ipv6_bytes(std::string_view text) noexcept {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN || text.find(':') == std::string_view::npos) return std::nullopt;
  char buf[INET6_ADDRSTRLEN] = {};
  text.copy(buf, text.size());
  in6_addr a{};
  if (inet_pton(AF_INET6, buf, &a) != 1) return std::nullopt;
  return a;
}

}  // namespace

bool is_ip_address(std::string_view address) noexcept {
  return ipv4_octets(address).has_value() || ipv6_bytes(address).has_value();
}

bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

bool is_loopback(std::string_view address) noexcept {
  if (equal_ignoring_case(address, "localhost")) return true;
  if (const auto v4 = ipv4_octets(address)) return (*v4)[0] == 127;
  if (const auto v6 = ipv6_bytes(address)) return IN6_IS_ADDR_LOOPBACK(&*v6);
  return false;
}

std::optional<double> parse_pace(std::string_view text) {
  if (!text.empty() && (text.back() == 'x' || text.back() == 'X')) text.remove_suffix(1);
  double v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || r.ec != std::errc{} || r.ptr != text.data() + text.size() || !std::isfinite(v) || v <= 0)
    return std::nullopt;
  return v;
}

}  // namespace drill::server
