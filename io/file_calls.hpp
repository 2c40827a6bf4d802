// The system calls a result set is written with, behind one interface, so
// that a test can make any one of them fail (fault injection) and check that
// the set is still written whole or not at all.
//
// `ResultFolder` makes every call that creates, writes, closes or moves a
// file of the set through a `FileCalls` it is given (the lock
// file's open included); `SystemFileCalls` is the real thing. Each function
// has the contract of the POSIX call it is named after: it returns what the
// call returns and sets errno on failure. `exchange` is Linux's
// renameat2(RENAME_EXCHANGE) (EINVAL or ENOSYS where the file system has
// none). No state of its own; a call costs one virtual dispatch on top of
// the system call.
#pragma once

#include <sys/types.h>

#include <cstddef>

namespace drill::io {

class FileCalls {
 public:
  virtual ~FileCalls() = default;
  virtual int open(const char* path, int flags, mode_t mode) = 0;
  virtual ssize_t write(int fd, const void* data, std::size_t bytes) = 0;
  virtual int close(int fd) = 0;
  virtual int mkdir(const char* path, mode_t mode) = 0;
  virtual int rename(const char* from, const char* to) = 0;
  virtual int exchange(const char* a, const char* b) = 0;
};

/// The calls themselves.
class SystemFileCalls final : public FileCalls {
 public:
  int open(const char* path, int flags, mode_t mode) override;
  ssize_t write(int fd, const void* data, std::size_t bytes) override;
  int close(int fd) override;
  int mkdir(const char* path, mode_t mode) override;
  int rename(const char* from, const char* to) override;
  int exchange(const char* a, const char* b) override;
};

}  // namespace drill::io
