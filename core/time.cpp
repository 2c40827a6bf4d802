#include "core/time.hpp"

#include <cmath>
#include <cstdio>

namespace drill::core {

Duration detail::rounded_ticks(double x) noexcept {
  const double ticks = std::round(x);
  if (!(ticks < 9.2e18)) return std::isnan(ticks) ? Duration::zero() : Duration::max();
  if (ticks < -9.2e18) return -Duration::max();
  return Duration::from_ticks(static_cast<std::int64_t>(ticks));
}

namespace {

constexpr std::int64_t kUs = 1;
constexpr std::int64_t kMs = 1'000;
constexpr std::int64_t kS = 1'000'000;
constexpr std::int64_t kMin = 60 * kS;
constexpr std::int64_t kH = 60 * kMin;
constexpr std::int64_t kD = 24 * kH;

// Two digits; callers pass 0..59.
std::string two(std::int64_t v) {
  return {static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
}

// Sub-second part as `.250` or `.000125`, trimmed to the shortest exact form.
std::string fraction(std::int64_t us) {
  if (us == 0) return {};
  char buf[16];
  std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(us));
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.size() < 4) s.append(4 - s.size(), '0');  // at least milliseconds
  return s;
}

// Parses `digits[.digits]` starting at `i`; returns the value scaled by `unit`
// ticks, exactly. Fails when the fraction is finer than one tick.
bool scaled_number(std::string_view text, std::size_t& i, std::int64_t unit, std::int64_t& out,
                   std::size_t& unit_pos) {
  std::size_t j = i;
  std::int64_t whole = 0;
  bool any = false;
  while (j < text.size() && text[j] >= '0' && text[j] <= '9') {
    if (__builtin_mul_overflow(whole, 10, &whole) ||
        __builtin_add_overflow(whole, text[j] - '0', &whole))
      return false;
    ++j;
    any = true;
  }
  std::int64_t frac_num = 0;
  std::int64_t frac_den = 1;
  if (j < text.size() && text[j] == '.') {
    ++j;
    bool frac_any = false;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') {
      if (frac_den > 1'000'000'000'000LL) return false;
      frac_num = frac_num * 10 + (text[j] - '0');
      frac_den *= 10;
      ++j;
      frac_any = true;
    }
    if (!frac_any) return false;
    any = true;
  }
  if (!any) return false;
  unit_pos = j;
  std::int64_t scaled = 0;
  if (__builtin_mul_overflow(whole, unit, &scaled)) return false;
  // frac_num * unit / frac_den must be an integer number of ticks.
  __int128 f = static_cast<__int128>(frac_num) * unit;
  if (f % frac_den != 0) return false;
  if (__builtin_add_overflow(scaled, static_cast<std::int64_t>(f / frac_den), &scaled)) return false;
  out = scaled;
  i = j;
  return true;
}

std::int64_t unit_ticks(std::string_view u) {
  if (u == "d") return kD;
  if (u == "h") return kH;
  if (u == "min" || u == "m") return kMin;
  if (u == "s") return kS;
  if (u == "ms") return kMs;
  if (u == "us") return kUs;
  return 0;
}

}  // namespace

std::string format(SimTime t) {
  if (t == SimTime::max()) return "never";
  // Floor division: D-1 06:00:00 is 18 hours before the start.
  std::int64_t us = t.ticks();
  std::int64_t day = us / kD;
  if (us % kD < 0) --day;
  us -= day * kD;
  const std::int64_t h = us / kH;
  us %= kH;
  const std::int64_t m = us / kMin;
  us %= kMin;
  const std::int64_t s = us / kS;
  us %= kS;
  return std::string(day < 0 ? "D-" : "D+") + std::to_string(day < 0 ? -day : day) + " " + two(h) + ":" +
         two(m) + ":" + two(s) + fraction(us);
}

std::string format(Duration d) {
  if (d == Duration::max()) return "forever";
  std::int64_t us = d.ticks();
  if (us == 0) return "0s";
  std::string out;
  if (us < 0) {
    out = "-";
    us = -us;
  }
  struct Unit {
    std::int64_t ticks;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{kD, "d"}, {kH, "h"}, {kMin, "m"}, {kS, "s"}, {kMs, "ms"}, {kUs, "us"}};
  for (const Unit& u : kUnits) {
    if (us >= u.ticks) {
      out += std::to_string(us / u.ticks);
      out += u.name;
      us %= u.ticks;
    }
  }
  return out;
}

std::optional<Duration> parse_duration(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    // Find the unit after the number to know the scale before converting.
    std::size_t k = i;
    while (k < text.size() && ((text[k] >= '0' && text[k] <= '9') || text[k] == '.')) ++k;
    std::size_t u_end = k;
    while (u_end < text.size() && text[u_end] >= 'a' && text[u_end] <= 'z') ++u_end;
    const std::int64_t unit = unit_ticks(text.substr(k, u_end - k));
    if (unit == 0) return std::nullopt;
    std::int64_t part = 0;
    std::size_t unit_pos = 0;
    if (!scaled_number(text, i, unit, part, unit_pos) || unit_pos != k) return std::nullopt;
    if (__builtin_add_overflow(total, part, &total)) return std::nullopt;
    i = u_end;
    while (i < text.size() && text[i] == ' ') ++i;
  }
  return Duration::from_ticks(negative ? -total : total);
}

std::optional<SimTime> parse_sim_time(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.size() >= 2 && text[0] == 'D' && (text[1] == '+' || text[1] == '-')) {
    const bool neg = text[1] == '-';
    std::size_t i = 2;
    std::int64_t day = 0;
    bool any = false;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (day > 1'000'000) return std::nullopt;
      day = day * 10 + (text[i] - '0');
      ++i;
      any = true;
    }
    if (!any) return std::nullopt;
    std::int64_t tod = 0;
    if (i < text.size()) {
      if (text[i] != ' ') return std::nullopt;
      ++i;
      // hh:mm[:ss]
      int fields[3] = {0, 0, 0};
      int n = 0;
      while (n < 3) {
        if (i + 2 > text.size() || text[i] < '0' || text[i] > '9' || text[i + 1] < '0' || text[i + 1] > '9')
          return std::nullopt;
        fields[n++] = (text[i] - '0') * 10 + (text[i + 1] - '0');
        i += 2;
        if (i == text.size()) break;
        if (text[i] != ':') return std::nullopt;
        ++i;
      }
      if (i != text.size() || n < 2) return std::nullopt;
      if (fields[0] > 23 || fields[1] > 59 || fields[2] > 59) return std::nullopt;
      tod = fields[0] * kH + fields[1] * kMin + fields[2] * kS;
    }
    return SimTime::from_ticks((neg ? -day : day) * kD + tod);
  }
  if (auto d = parse_duration(text)) return at(*d);
  return std::nullopt;
}

}  // namespace drill::core
