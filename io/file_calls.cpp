#include "io/file_calls.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

namespace drill::io {

int SystemFileCalls::open(const char* path, int flags, mode_t mode) { return ::open(path, flags, mode); }
ssize_t SystemFileCalls::write(int fd, const void* data, std::size_t bytes) { return ::write(fd, data, bytes); }
int SystemFileCalls::close(int fd) { return ::close(fd); }
int SystemFileCalls::mkdir(const char* path, mode_t mode) { return ::mkdir(path, mode); }
int SystemFileCalls::rename(const char* from, const char* to) { return ::rename(from, to); }
int SystemFileCalls::exchange(const char* a, const char* b) {
  return ::renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}

}  // namespace drill::io
