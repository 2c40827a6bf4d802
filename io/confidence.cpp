#include "io/confidence.hpp"

#include <cmath>
#include <limits>

#include <boost/math/distributions/students_t.hpp>

namespace drill::io {

double student_t_975(std::uint64_t df) {
  if (df == 0) return std::numeric_limits<double>::infinity();
  // In double throughout (no promotion to long double, whose width differs
  // between platforms), so the interval is the same bits everywhere.
  using Policy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
  const boost::math::students_t_distribution<double, Policy> dist(static_cast<double>(df));
  return boost::math::quantile(dist, 0.975);
}

double confidence_half_width_95(const core::Tally& t) {
  if (t.count() < 2) return std::numeric_limits<double>::infinity();
  return student_t_975(t.count() - 1) * t.stddev() / std::sqrt(static_cast<double>(t.count()));
}

}  // namespace drill::io
