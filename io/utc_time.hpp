// Simulated time as calendar time: a drill's D+0 00:00 is a calendar start in
// UTC, and outputs that dashboards and spreadsheets read (time-series CSV,
// snapshots) carry ISO 8601 UTC times counted from it.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace drill::io {

using CalendarStart = std::chrono::sys_seconds;

/// `2026-09-14T06:30:00Z`; a fraction of a second is written only when the
/// time has one (`...T06:30:00.25Z`, up to microseconds). Proleptic Gregorian.
std::string iso8601_utc(CalendarStart start, core::SimTime t);
/// The same into `out` without allocating (for writers that stamp many
/// rows); returns the number of characters written (at most 32 for years
/// 0 to 9999).
std::size_t iso8601_utc(CalendarStart start, core::SimTime t, std::span<char, 32> out) noexcept;

/// Reads `YYYY-MM-DDTHH:MM[:SS]Z` (the form a drill's calendar start takes);
/// nullopt for anything else, including impossible dates.
std::optional<CalendarStart> parse_iso8601_utc(std::string_view text);

}  // namespace drill::io
