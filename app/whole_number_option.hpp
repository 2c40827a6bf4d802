// A CLI11 check for whole-number flags: the text must be digits only and
// within [min, max]. It runs on the text before CLI11 converts it, so `-1`
// or a number beyond 64 bits is a usage error (exit 64), never a wrapped
// value. --seed takes the drill file's seed range (integer_limits.hpp).
#pragma once

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdint>
#include <string>

namespace drill::app {

inline CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  const std::string range = "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
  return CLI::Validator(
      [min, max, range](std::string& text) -> std::string {
        std::uint64_t v = 0;
        const char* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, v);
        const bool digits = !text.empty() && text.front() >= '0' && text.front() <= '9';
        if (!digits || ec == std::errc::invalid_argument || ptr != end)
          return "'" + text + "' is not a whole number in " + range;
        if (ec == std::errc::result_out_of_range || v < min || v > max) return "'" + text + "' is outside " + range;
        return {};
      },
      "INT in " + range, "WHOLE_NUMBER");
}

}  // namespace drill::app
