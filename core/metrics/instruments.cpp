#include "core/metrics/instruments.hpp"

#include <algorithm>
#include <cmath>

#include "core/spare_arrays.hpp"

namespace drill::core::metrics {

namespace {
struct ExactTag {};
/// Exact buffers kept for the thread's next instrument (core/spare_arrays.hpp).
using SpareExact = SpareArrays<double, ExactTag>;
}  // namespace

QuantileInstrument::QuantileInstrument() : exact_(SpareExact::take(kExactCapacity)) {}

QuantileInstrument::~QuantileInstrument() { SpareExact::give(std::move(exact_)); }

void QuantileInstrument::quantiles(std::span<const double> qs, std::span<double> out) const noexcept {
  const std::uint64_t n = tally_.count();
  if (n == 0) {
    std::fill(out.begin(), out.end(), 0.0);
    return;
  }
  if (!exact()) {
    sketch_.quantiles(qs, out);
    // The sketch's answer moved into the observed range is never further
    // from the true quantile, which lies in that range.
    for (double& o : out) o = std::clamp(o, tally_.min(), tally_.max());
    return;
  }
  const std::span<const double> values(exact_.get(), exact_count_);  // sorted
  for (std::size_t i = 0; i < qs.size(); ++i) {
    const double r = std::ceil(qs[i] * static_cast<double>(n));
    const std::size_t k = r < 1.0 ? 1 : std::min<std::size_t>(static_cast<std::size_t>(r), values.size());
    out[i] = values[k - 1];
  }
}

}  // namespace drill::core::metrics
