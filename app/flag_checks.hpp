// CLI11 checks of flag values, run on the text before CLI11 converts it,
// so a bad value is a usage error (exit 64): whole numbers (digits only,
// within [min, max], so `-1` or a number beyond 64 bits is never a wrapped
// value; --seed takes the drill file's seed range, integer_limits.hpp),
// times and spans, byte sizes and drill overrides. Included by main.cpp
// only (see commands.hpp).
#pragma once

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdint>
#include <string>

#include "app/byte_size.hpp"
#include "models/scenario/overrides.hpp"

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

/// A CLI11 check for time and span flags (`--until`, `--sample-every`,
/// `--warm-up`): the text must not be empty (an empty value is not the
/// flag's absence) nor signed (`-0s` is not a time of the drill).
inline CLI::Validator unsigned_time_text() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (text.empty()) return "an empty value is not a time or span; leave the flag out for the default";
        if (text.front() == '-' || text.front() == '+') return "'" + text + "' is signed; write the time or span without a sign";
        return {};
      },
      "TIME", "UNSIGNED_TIME");
}

/// A flag whose empty value is not its absence (`--out ''` is not the
/// current folder, `--token "$UNSET"` must not serve unguarded): refused
/// with `why`.
inline CLI::Validator not_empty(std::string why) {
  return CLI::Validator(
      [why](std::string& text) -> std::string { return text.empty() ? why : std::string(); }, "", "NOT_EMPTY");
}

/// `--out DIR`.
inline CLI::Validator folder_text() {
  return not_empty("an empty value is not a folder; leave the flag out to write no result set");
}

/// `--max-output 16GiB`, `--max-file-size 64MiB` (byte_size.hpp).
inline CLI::Validator byte_size() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (parse_byte_size(text)) return {};
        return "'" + text + "' is not a size such as 64MiB (digits, then nothing, KiB, MiB or GiB)";
      },
      "SIZE", "BYTE_SIZE");
}

/// `--set PATH=VALUE`: the text must be an override (checked before the
/// drill is read, so a malformed one is a usage error).
inline CLI::Validator override_text() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::string error;
        return models::scenario::parse_override(text, error) ? std::string() : error;
      },
      "PATH=VALUE", "OVERRIDE");
}

}  // namespace drill::app
