#include "app/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <utility>

namespace drill::app {
namespace {

std::chrono::milliseconds interval(bool terminal) {
  return terminal ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000);
}

// "4.2 s", "2:03" or "1:02:03".
void format_seconds(double s, char* out, std::size_t size) {
  const auto total = static_cast<long long>(s + 0.5);
  if (s < 60.0)
    std::snprintf(out, size, "%.1f s", s);
  else if (total >= 3600)
    std::snprintf(out, size, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
  else
    std::snprintf(out, size, "%lld:%02lld", total / 60, total % 60);
}

}  // namespace

Progress::Progress(std::uint64_t total, bool enabled)
    : total_(total), enabled_(enabled), terminal_(enabled && ::isatty(STDERR_FILENO) == 1) {}

Progress::Progress(std::uint64_t total, bool enabled, std::string who, std::string what, bool total_is_bound)
    : Progress(total, enabled) {
  who_ = std::move(who);
  what_ = std::move(what);
  bound_ = total_is_bound;
}

void Progress::update(std::uint64_t done) {
  done_ = done;
  if (!enabled_) return;
  const auto now = Clock::now();
  if (now - last_ < interval(terminal_)) return;
  last_ = now;
  print(done, false);
}

void Progress::finish() {
  if (enabled_) print(done_, true);
}

void Progress::print(std::uint64_t done, bool final_line) {
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  char spent[32];
  format_seconds(elapsed, spent, sizeof spent);
  if (final_line) {
    if (bound_) {
      std::fprintf(stderr, "%s%s: %llu %s in %s (%.1f per second)\n", terminal_ ? "\r\033[K" : "", who_.c_str(),
                   static_cast<unsigned long long>(done), what_.c_str(), spent, rate);
      return;
    }
    std::fprintf(stderr, "%s%s: %llu of %llu %s in %s (%.1f per second)\n", terminal_ ? "\r\033[K" : "",
                 who_.c_str(), static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
                 what_.c_str(), spent, rate);
    return;
  }
  char left[32] = "?";
  if (rate > 0 && total_ >= done) format_seconds(static_cast<double>(total_ - done) / rate, left, sizeof left);
  std::fprintf(stderr, "%s%s: %llu of %s%llu %s, %.1f per second, %s%s left%s", terminal_ ? "\r\033[K" : "",
               who_.c_str(), static_cast<unsigned long long>(done), bound_ ? "at most " : "",
               static_cast<unsigned long long>(total_), what_.c_str(), rate, bound_ ? "at most " : "", left,
               terminal_ ? "" : "\n");
  std::fflush(stderr);
}

}  // namespace drill::app
