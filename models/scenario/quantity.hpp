// Quantities with units, as written in drill files, converted to base units.
//
// Base units of the models: durations as core::Duration (exact ticks),
// points in time as core::SimTime relative to the drill start, distances in
// nautical miles, speeds in knots, mass and fuel in tonnes, fuel rates in
// tonnes per hour, data rates in bits per second, fractions in [0, 1].
// Conversions are by exact definitions (1 nm = 1.852 km, 1 t = 1000 kg), so
// the only error is that of the double holding the result.
//
// A number and its unit may be separated by spaces (`18 kn`, `18kn`). A bare
// number where a unit is required is an error that names the expected units.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "core/time.hpp"

namespace drill::models::scenario {

/// What a written quantity measures; selects the accepted units.
enum class Dimension {
  duration,   // d, h, min/m, s, ms, us; as double: seconds
  distance,   // nm, km, ft (antenna heights)
  speed,      // kn, km/h
  mass,       // t, kg
  fuel_rate,  // t/h, kg/h, t/d
  data_rate,  // bit/s, kbit/s, Mbit/s
  fraction,   // 0.25 or 25 %
  number,     // a plain number without unit
};

/// Human name of a dimension ("duration", "speed", ...).
std::string_view dimension_name(Dimension d);
/// The accepted units of a dimension, comma separated, for messages.
std::string accepted_units(Dimension d);

/// Why a quantity could not be read: a message and a hint for the user.
struct QuantityError {
  std::string message;
  std::string hint;
};

/// The value or the reason it could not be parsed.
template <class T>
class Parsed {
 public:
  Parsed(T value) : v_(std::move(value)) {}                // NOLINT: implicit by design
  Parsed(QuantityError error) : v_(std::move(error)) {}    // NOLINT: implicit by design
  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  const T& value() const { return std::get<0>(v_); }
  const T& operator*() const { return value(); }
  const T* operator->() const { return &value(); }
  const QuantityError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, QuantityError> v_;
};

/// Parses `text` as a quantity of dimension `dim` and returns it in base
/// units (durations in seconds). Signs are accepted; range checks are the
/// caller's, so it can say which range applies.
Parsed<double> parse_quantity(std::string_view text, Dimension dim);

/// `90s`, `45min`, `2h30m`, `1.5h`, `3d`: exact, via core::parse_duration.
Parsed<core::Duration> parse_duration_quantity(std::string_view text);
/// `D+1 06:00` or a span after the start (`36h`).
Parsed<core::SimTime> parse_time_point(std::string_view text);

inline Parsed<double> parse_distance_nm(std::string_view t) { return parse_quantity(t, Dimension::distance); }
inline Parsed<double> parse_speed_kn(std::string_view t) { return parse_quantity(t, Dimension::speed); }
inline Parsed<double> parse_mass_t(std::string_view t) { return parse_quantity(t, Dimension::mass); }
inline Parsed<double> parse_fuel_rate_tph(std::string_view t) { return parse_quantity(t, Dimension::fuel_rate); }
/// `0.3` or `30%`; must lie in [0, 1].
inline Parsed<double> parse_fraction(std::string_view t) { return parse_quantity(t, Dimension::fraction); }

}  // namespace drill::models::scenario
