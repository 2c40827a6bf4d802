// UTF-8 validation of drill text. Every output (manifest.json, summary.json,
// the printout) copies names from the drill, and JSON readers reject invalid
// UTF-8, so the loader refuses a drill that is not valid UTF-8 before it
// parses it. Overlong forms, surrogates and code points past U+10FFFF are
// invalid (RFC 3629). One pass, no allocation.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace drill::models::scenario {

/// The offset of the first byte that does not start a valid UTF-8 sequence
/// (or that a truncated sequence ends at), or nullopt when all is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view text) noexcept;

/// The offset of the first control byte other than tab, line feed and
/// carriage return (NUL, escape, DEL, ...), or nullopt. YAML forbids them
/// unescaped; a file that holds one is binary, not a drill.
std::optional<std::size_t> first_control_byte(std::string_view text) noexcept;

}  // namespace drill::models::scenario
