// Fault injection for result sets: the system's file calls, except that
// call number N (counting every call, 1-based) fails with a chosen errno.
// Run a job with N = 1, 2, ... until no call fails, and every call the job
// makes has failed once. `no_exchange` makes renameat2's exchange report
// EINVAL (a file system without it) so the rename fallback is what runs;
// those refusals are not counted. A failed close still closes (as Linux
// does: the descriptor is gone whatever close returns), so a failure
// never leaks a descriptor or the lock.
#pragma once

#include <atomic>
#include <cerrno>
#include <cstdint>

#include "io/file_calls.hpp"

namespace drill::tests {

class FailingFileCalls final : public io::FileCalls {
 public:
  explicit FailingFileCalls(std::uint64_t fail_at, int error = EIO, bool no_exchange = false)
      : fail_at_(fail_at), error_(error), no_exchange_(no_exchange) {}

  int open(const char* path, int flags, mode_t mode) override {
    return fail_now() ? -1 : real_.open(path, flags, mode);
  }
  ssize_t write(int fd, const void* data, std::size_t bytes) override {
    return fail_now() ? -1 : real_.write(fd, data, bytes);
  }
  int close(int fd) override {
    const int r = real_.close(fd);
    return fail_now() ? -1 : r;
  }
  int mkdir(const char* path, mode_t mode) override { return fail_now() ? -1 : real_.mkdir(path, mode); }
  int rename(const char* from, const char* to) override { return fail_now() ? -1 : real_.rename(from, to); }
  int exchange(const char* a, const char* b) override {
    if (no_exchange_) {
      errno = EINVAL;
      return -1;
    }
    return fail_now() ? -1 : real_.exchange(a, b);
  }

  /// Calls made so far (the failed one included).
  std::uint64_t calls() const noexcept { return calls_; }
  /// Whether call number `fail_at` has been made (and failed).
  bool failed() const noexcept { return calls_ >= fail_at_ && fail_at_ > 0; }

 private:
  bool fail_now() {
    if (++calls_ != fail_at_) return false;
    errno = error_;
    return true;
  }

  io::SystemFileCalls real_;
  std::uint64_t fail_at_;
  int error_;
  bool no_exchange_;
  // Atomic: two files of a set may be written from two threads at once.
  std::atomic<std::uint64_t> calls_ = 0;
};

}  // namespace drill::tests
