// Sizes in bytes on the command line (`--max-output 16GiB`,
// `--max-file-size 64MiB`). The flags' check (main.cpp) runs the same
// parser before the value is used, so a bad size is a usage error (exit 64).
#pragma once

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace drill::app {

/// The budget of a result set unless --max-output says otherwise: far
/// above any bundled drill's set (README, Reliability), far below a disk.
inline constexpr std::uint64_t kDefaultMaxOutputBytes = std::uint64_t{4} << 30;

/// A size in bytes: digits with an optional KiB, MiB or GiB; nullopt if the
/// text is not one or does not fit 64 bits.
inline std::optional<std::uint64_t> parse_byte_size(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const std::string unit = text.substr(digits);
  const int shift = unit == "KiB" ? 10 : unit == "MiB" ? 20 : unit == "GiB" ? 30 : unit.empty() ? 0 : -1;
  std::uint64_t v = 0;
  const std::errc ec = std::from_chars(text.data(), text.data() + digits, v).ec;
  if (digits == 0 || shift < 0 || ec != std::errc{} || v > (std::numeric_limits<std::uint64_t>::max() >> shift))
    return std::nullopt;
  return v << shift;
}

}  // namespace drill::app
