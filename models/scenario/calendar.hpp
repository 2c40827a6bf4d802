// The calendar of a drill: D+0 00:00 as a UTC date and time, when the
// drill's `start` names one.
//
// `start` is free text, but text that begins like a date (`YYYY-`) is meant
// as one: it must read as `YYYY-MM-DD HH:MM[:SS]Z` (or with `T` for the
// space), a real date and time, and the drill must end by 9999-12-31 so that
// every output can write its times in four-digit years. The loader checks
// both (check_calendar) and reports at the `start` key; the run engine and
// the sinks then take the calendar as known good.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "core/time.hpp"

namespace drill::models::scenario {

using CalendarStart = std::chrono::sys_seconds;

/// The last instant an output can write (9999-12-31T23:59:59Z).
inline constexpr CalendarStart kLastWritableTime =
    std::chrono::sys_days{std::chrono::year{9999} / 12 / 31} + std::chrono::hours{23} + std::chrono::minutes{59} +
    std::chrono::seconds{59};

/// Whether a `start` label is meant as a date (four digits and a dash).
bool looks_like_date(std::string_view label) noexcept;

/// Reads `YYYY-MM-DD?HH:MM[:SS]Z` where `?` is one of `separators`; nullopt
/// for anything else, including impossible dates and times.
std::optional<CalendarStart> parse_utc_date_time(std::string_view text, std::string_view separators = " T");

}  // namespace drill::models::scenario
