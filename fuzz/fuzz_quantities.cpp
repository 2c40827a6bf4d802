// Fuzzes the parsers of the drill's values: quantities with units in every
// dimension ('12 kn', '2.8 t/h', '25 %'), durations and time points
// ('2h30m', 'D+1 06:00'), distributions ('triangular(min: ...)'), the
// kernel's own duration and time readers, and the calendar start. Each
// either yields a value or an error message; a value is finite and a
// duration is never negative where the parser promises so.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/time.hpp"
#include "models/scenario/calendar.hpp"
#include "models/scenario/distribution_spec.hpp"
#include "models/scenario/quantity.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace drill::models::scenario;
  if (size == 0) return 0;
  // The first byte picks the dimension, the rest is the text.
  const auto dim = static_cast<Dimension>(data[0] % 8);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (const auto q = parse_quantity(text, dim); q.ok() && !std::isfinite(*q)) std::abort();
  (void)parse_duration_quantity(text);
  (void)parse_time_point(text);
  (void)parse_distribution(text, dim);
  (void)drill::core::parse_duration(text);
  (void)drill::core::parse_sim_time(text);
  if (const auto t = parse_utc_date_time(text); t && !looks_like_date(text)) std::abort();
  return 0;
}
