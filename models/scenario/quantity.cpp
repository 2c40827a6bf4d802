#include "models/scenario/quantity.hpp"

#include <charconv>
#include <vector>

#include "models/scenario/shared_text.hpp"
#include "models/scenario/suggest.hpp"

namespace drill::models::scenario {

namespace {

struct UnitDef {
  std::string_view name;
  double to_base;  // multiply a value in this unit by this to get base units
};

constexpr double kKmPerNm = 1.852;
constexpr double kKmPerFt = 0.0003048;

std::vector<UnitDef> units_of(Dimension d) {
  switch (d) {
    case Dimension::distance: return {{"nm", 1.0}, {"km", 1.0 / kKmPerNm}, {"ft", kKmPerFt / kKmPerNm}};
    case Dimension::speed: return {{"kn", 1.0}, {"km/h", 1.0 / kKmPerNm}};
    case Dimension::mass: return {{"t", 1.0}, {"kg", 1e-3}};
    case Dimension::fuel_rate: return {{"t/h", 1.0}, {"kg/h", 1e-3}, {"t/d", 1.0 / 24.0}};
    case Dimension::data_rate: return {{"bit/s", 1.0}, {"kbit/s", 1e3}, {"Mbit/s", 1e6}};
    case Dimension::fraction: return {{"%", 0.01}};
    case Dimension::duration: return {{"d", 86400.0}, {"h", 3600.0}, {"min", 60.0}, {"s", 1.0}};
    case Dimension::number: return {};
  }
  return {};
}

// Splits `  -12.5 kn` into number text and unit text; false if no number.
bool split_number(std::string_view text, std::string_view& number, std::string_view& unit) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  const std::size_t digits_start = i;
  bool any_digit = false;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) {
    any_digit = any_digit || text[i] != '.';
    ++i;
  }
  if (!any_digit || i == digits_start) return false;
  number = text.substr(0, i);
  unit = trim(text.substr(i));
  return true;
}

bool to_double(std::string_view number, double& out) {
  if (!number.empty() && number.front() == '+') number.remove_prefix(1);
  const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), out);
  return ec == std::errc{} && ptr == number.data() + number.size();
}

std::string example_of(Dimension d) {
  switch (d) {
    case Dimension::duration: return "45min";
    case Dimension::distance: return "120 nm";
    case Dimension::speed: return "18 kn";
    case Dimension::mass: return "1200 t";
    case Dimension::fuel_rate: return "4.5 t/h";
    case Dimension::data_rate: return "64 kbit/s";
    case Dimension::fraction: return "0.3 or 30%";
    case Dimension::number: return "42";
  }
  return {};
}

}  // namespace

std::string_view dimension_name(Dimension d) {
  switch (d) {
    case Dimension::duration: return "duration";
    case Dimension::distance: return "distance";
    case Dimension::speed: return "speed";
    case Dimension::mass: return "mass";
    case Dimension::fuel_rate: return "fuel rate";
    case Dimension::data_rate: return "data rate";
    case Dimension::fraction: return "fraction";
    case Dimension::number: return "number";
  }
  return "quantity";
}

std::string accepted_units(Dimension d) {
  if (d == Dimension::duration) return "d, h, min (or m), s, ms";
  std::string out;
  for (const UnitDef& u : units_of(d)) {
    if (!out.empty()) out += ", ";
    out += u.name;
  }
  return out;
}

Parsed<double> parse_quantity(std::string_view raw, Dimension dim) {
  if (dim == Dimension::duration) {
    auto d = parse_duration_quantity(raw);
    if (!d) return d.error();
    return d.value().seconds();
  }
  const std::string_view text = trim(raw);
  const std::string what{dimension_name(dim)};
  std::string_view number;
  std::string_view unit;
  double value = 0.0;
  if (!split_number(text, number, unit) || !to_double(number, value)) {
    return QuantityError{"expected a " + what + " such as '" + example_of(dim) + "', got '" + std::string(text) + "'",
                         dim == Dimension::number ? "" : "units: " + accepted_units(dim)};
  }
  if (dim == Dimension::number) {
    if (!unit.empty()) return QuantityError{"expected a plain number, got '" + std::string(text) + "'", ""};
    return value;
  }
  if (dim == Dimension::fraction) {
    double f = value;
    if (unit == "%") {
      f = value / 100.0;
    } else if (!unit.empty()) {
      return QuantityError{"expected a fraction such as 0.3 or 30%, got '" + std::string(text) + "'", ""};
    }
    if (!(f >= 0.0 && f <= 1.0)) {
      return QuantityError{"fraction " + std::string(text) + " is outside [0, 1]", "write a value from 0 to 1, or 0% to 100%"};
    }
    return f;
  }
  if (unit.empty()) {
    return QuantityError{"missing unit in " + what + " '" + std::string(text) + "'",
                         "write it with one of the units " + accepted_units(dim) + ", e.g. '" + example_of(dim) + "'"};
  }
  const std::vector<UnitDef> defs = units_of(dim);
  std::vector<std::string> names;
  for (const UnitDef& u : defs) {
    if (u.name == unit) return value * u.to_base;
    names.emplace_back(u.name);
  }
  std::string hint = suggestion_hint(unit, names);
  if (hint.rfind("did you mean", 0) == 0) hint += " (units: " + accepted_units(dim) + ")";
  return QuantityError{"unknown " + what + " unit '" + std::string(unit) + "'", hint};
}

Parsed<core::Duration> parse_duration_quantity(std::string_view raw) {
  const std::string_view text = trim(raw);
  if (auto d = core::parse_duration(text)) return *d;
  std::string_view number;
  std::string_view unit;
  double ignored = 0.0;
  if (split_number(text, number, unit) && unit.empty() && to_double(number, ignored)) {
    return QuantityError{"missing unit in duration '" + std::string(text) + "'",
                         "write it with one of the units d, h, min, s, e.g. '" + std::string(text) + "min'"};
  }
  return QuantityError{"expected a duration such as '90s', '45min', '2h30m' or '3d', got '" + std::string(text) + "'",
                       "units: d, h, min (or m), s, ms"};
}

Parsed<core::SimTime> parse_time_point(std::string_view raw) {
  const std::string_view text = trim(raw);
  if (auto t = core::parse_sim_time(text)) return *t;
  return QuantityError{"expected a time relative to the drill start such as 'D+1 06:00', got '" + std::string(text) + "'",
                       "write 'D+<day> <hh:mm>' (day 0 is the first day) or a span after the start, e.g. '36h'"};
}

}  // namespace drill::models::scenario
