// Fork-and-wait measurement; see measure.hpp.
#include "bench/measure.hpp"

#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace drill::bench {
namespace {

constexpr const char* kPython = "/usr/bin/python3";  // where Debian's python3-simpy imports
constexpr int kExitNoSimpy = 3;

std::string read_all(int fd) {
  std::string s;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      s.append(buf, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;
    }
  }
  return s;
}

struct ChildExit {
  int status = 0;
  std::uint64_t peak_rss_bytes = 0;
};

ChildExit wait_child(pid_t pid) {
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0)
    if (errno != EINTR) throw std::runtime_error(std::string("wait4: ") + std::strerror(errno));
  return {status, static_cast<std::uint64_t>(usage.ru_maxrss) * 1024};  // ru_maxrss is in KiB on Linux
}

std::string script_path() {
  // Installed beside the executable by the build; the source tree as a fallback.
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto beside = exe.parent_path() / "simpy_hold.py";
    if (std::filesystem::exists(beside, ec)) return beside.string();
  }
  return std::string(DRILL_BENCH_SOURCE_DIR) + "/simpy_hold.py";
}

}  // namespace

Measurement measure_in_child(const std::function<WorkloadResult()>& fn) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(fds[0]);
    int code = 0;
    try {
      const WorkloadResult r = fn();
      const auto* p = reinterpret_cast<const char*>(&r);
      std::size_t left = sizeof r;
      while (left > 0) {
        const ssize_t n = ::write(fds[1], p, left);
        if (n <= 0) break;
        p += n;
        left -= static_cast<std::size_t>(n);
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "drillsim bench: workload failed: %s\n", e.what());
      code = 1;
    }
    ::close(fds[1]);
    std::_Exit(code);  // no destructors or atexit handlers of the parent's state
  }
  ::close(fds[1]);
  const std::string data = read_all(fds[0]);
  ::close(fds[0]);
  const ChildExit ex = wait_child(pid);
  if (!WIFEXITED(ex.status) || WEXITSTATUS(ex.status) != 0 || data.size() != sizeof(WorkloadResult))
    throw std::runtime_error("a measurement's child process failed (out of memory?)");
  Measurement m;
  std::memcpy(&m.result, data.data(), sizeof m.result);
  m.peak_rss_bytes = ex.peak_rss_bytes;
  return m;
}

std::uint64_t empty_child_rss() {
  return measure_in_child([] { return WorkloadResult{}; }).peak_rss_bytes;
}

std::optional<SimpyMeasurement> measure_simpy(std::uint64_t pending, std::uint64_t events, std::uint64_t seed,
                                              std::string& why_not) {
  if (::access(kPython, X_OK) != 0) {
    why_not = std::string(kPython) + " not found (apt install python3 python3-simpy)";
    return std::nullopt;
  }
  const std::string script = script_path();
  if (::access(script.c_str(), R_OK) != 0) {
    why_not = "simpy_hold.py not found beside the executable";
    return std::nullopt;
  }
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  std::vector<std::string> args = {kPython, script, std::to_string(pending), std::to_string(events),
                                   std::to_string(seed)};
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(fds[0]);
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[1]);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(kPython, argv.data());
    std::_Exit(127);
  }
  ::close(fds[1]);
  const std::string out = read_all(fds[0]);
  ::close(fds[0]);
  const ChildExit ex = wait_child(pid);
  if (WIFEXITED(ex.status) && WEXITSTATUS(ex.status) == kExitNoSimpy) {
    why_not = "SimPy 2 is not installed for " + std::string(kPython) + " (apt install python3-simpy)";
    return std::nullopt;
  }
  unsigned long long n = 0;
  double seconds = 0.0;
  char version[64] = {};
  if (!WIFEXITED(ex.status) || WEXITSTATUS(ex.status) != 0 ||
      std::sscanf(out.c_str(), "%llu %lf %63s", &n, &seconds, version) != 3) {
    why_not = "the SimPy script failed";
    return std::nullopt;
  }
  SimpyMeasurement s;
  s.measurement.result.events = n;
  s.measurement.result.pending = pending;
  s.measurement.result.seconds = seconds;
  s.measurement.peak_rss_bytes = ex.peak_rss_bytes;
  s.version = version;
  return s;
}

}  // namespace drill::bench
