// A sequence of points over time held to a fixed number of points, for the
// dashboard data's series and tracks (dashboard-data.md, Bounds).
//
// Points are offered in time order. While fewer than the bound are held,
// every one is kept; when the bound is reached, every second point is
// dropped (the first stays) and from then on only every second offered
// point is kept, then every fourth, and so on: the kept points are always
// the offered points 0, s, 2s, ... for a stride s that doubles at each
// thinning, so the first point and the spacing stay regular. The latest
// offered point is always shown too (the last of `points()`), so a series
// ends where the run is. `size()` never exceeds the bound.
// Costs: an add is amortised O(1); a thinning moves half the points and
// happens log2(offered / bound) times in all; nothing allocates once the
// vector has reached the bound.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace drill::report {

/// The bound of every series and track (dashboard-data.md).
inline constexpr std::size_t kMaxPoints = 2000;

template <class Point>
class BoundedPoints {
 public:
  /// `max` >= 2: the kept points and the latest one.
  explicit BoundedPoints(std::size_t max = kMaxPoints) : max_(max) {
    if (max < 2) throw std::invalid_argument("a bound of points must be at least 2");
  }

  void add(const Point& p) {
    latest_ = p;
    has_latest_ = true;
    if ((offered_++ & (stride_ - 1)) != 0) {  // the stride is a power of two
      latest_kept_ = false;
      return;
    }
    kept_.push_back(p);
    latest_kept_ = true;
    if (kept_.size() >= max_) {
      // Keep offered points 0, 2s, 4s, ...: the even places.
      std::size_t w = 0;
      for (std::size_t r = 0; r < kept_.size(); r += 2) kept_[w++] = kept_[r];
      latest_kept_ = (kept_.size() - 1) % 2 == 0;
      kept_.resize(w);
      stride_ *= 2;
    }
  }

  /// Room for `more` points to come (at most the bound), so that adding
  /// them moves nothing; the points kept are the same.
  void reserve_for(std::uint64_t more) {
    const std::uint64_t kept = more / stride_ + 1;
    kept_.reserve(std::min<std::uint64_t>(max_, kept_.size() + kept));
  }

  /// The points shown: the kept ones, then the latest if it was not kept.
  std::size_t size() const noexcept { return kept_.size() + (has_latest_ && !latest_kept_ ? 1 : 0); }
  bool empty() const noexcept { return !has_latest_; }
  /// Calls f(point) for each point shown, in time order.
  template <class F>
  void for_each(F&& f) const {
    for (const Point& p : kept_) f(p);
    if (has_latest_ && !latest_kept_) f(latest_);
  }
  /// The latest point offered; only when !empty().
  const Point& latest() const noexcept { return latest_; }
  /// Every n-th offered point is kept (1 until the first thinning).
  std::uint64_t stride() const noexcept { return stride_; }
  std::uint64_t offered() const noexcept { return offered_; }

 private:
  std::size_t max_;
  std::vector<Point> kept_;
  Point latest_{};
  bool has_latest_ = false;
  bool latest_kept_ = false;
  std::uint64_t stride_ = 1;
  std::uint64_t offered_ = 0;
};

}  // namespace drill::report
