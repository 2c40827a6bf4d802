#include "io/result_files.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <system_error>
#include <utility>

#include "io/result_check.hpp"
#include "io/sha256.hpp"

namespace drill::io {
namespace {

namespace fs = std::filesystem;

std::string errno_text(int err) { return std::error_code(err, std::generic_category()).message(); }

[[noreturn]] void fail(const std::string& what, int err) { throw ResultError(what + ": " + errno_text(err)); }

// `--out` as given may end in a slash or be relative; siblings need its
// parent and a plain name.
fs::path normalised(const fs::path& dir) {
  fs::path p = fs::absolute(dir).lexically_normal();
  if (!p.has_filename()) p = p.parent_path();
  return p;
}

std::string this_host() {
  char host[256] = "unknown host";
  ::gethostname(host, sizeof host - 1);
  host[sizeof host - 1] = '\0';
  return host;
}

/// Who holds the lock, as its holder wrote it. The holder writes after it
/// takes the lock and clears the file when it lets go, so the text may be
/// missing (between the two) or left by a process that was killed: a pid on
/// this host that no longer runs is not named.
std::string holder_of(int fd) {
  char buf[512];
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string s(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!s.empty() && s.back() == '\n') s.pop_back();
  long pid = 0;
  char host[256] = "";
  if (std::sscanf(s.c_str(), "drillsim pid %ld on %255s", &pid, host) != 2) return "another drillsim run";
  if (host == this_host() && pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
    return "another drillsim run";
  return s;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

}  // namespace

ResultFolder::ResultFolder(fs::path dir, FileCalls* calls)
    : calls_(calls ? calls : &system_calls_), dir_(normalised(dir)) {
  const fs::path parent = dir_.parent_path();
  const std::string name = dir_.filename().string();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw ResultError("cannot create folder " + parent.string() + ": " + ec.message());

  const fs::path lock_path = parent / ("." + name + ".lock");
  lock_fd_ = calls_->open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) fail("cannot write in " + parent.string() + " (lock file " + lock_path.string() + ")", errno);
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    std::string holder = err == EWOULDBLOCK ? holder_of(lock_fd_) : "";
    ::close(lock_fd_);
    lock_fd_ = -1;
    if (err == EWOULDBLOCK) throw ResultError(dir_.string() + " is being written by " + holder + "; wait for it or choose another --out");
    fail("cannot lock " + lock_path.string(), err);
  }
  // From here on a failure must release the lock: the constructor throws,
  // so the destructor will not run (a server or a sweep keeps the process).
  try {
    hold_and_check(lock_path, name);
  } catch (...) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw;
  }
}

void ResultFolder::hold_and_check(const fs::path& lock_path, const std::string& name) {
  const fs::path parent = dir_.parent_path();
  std::error_code ec;
  const std::string host = this_host();
  char line[512];
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
  const int len = std::snprintf(line, sizeof line, "drillsim pid %ld on %s since %s\n", static_cast<long>(::getpid()),
                                host.c_str(), when);
  if (::ftruncate(lock_fd_, 0) != 0 || ::pwrite(lock_fd_, line, static_cast<std::size_t>(len), 0) != len)
    fail("cannot write the lock file " + lock_path.string(), errno);

  // Holding the lock, any staging or set-aside folder of this --out belongs
  // to a run that died: remove it. A set-aside folder with no --out beside
  // it is the earlier set of a run that died (or failed) between moving it
  // aside and moving the new one in: it is whole, and goes back in place.
  const std::string new_prefix = "." + name + ".new-";
  const std::string old_prefix = "." + name + ".old-";
  std::vector<fs::path> leftovers;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string n = entry.path().filename().string();
    if (starts_with(n, new_prefix) || starts_with(n, old_prefix)) leftovers.push_back(entry.path());
  }
  for (const fs::path& p : leftovers) {
    if (starts_with(p.filename().string(), old_prefix) && !fs::exists(fs::symlink_status(dir_, ec)) &&
        ::rename(p.c_str(), dir_.c_str()) == 0)
      continue;
    fs::remove_all(p, ec);
  }

  const fs::file_status st = fs::symlink_status(dir_, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st)) throw ResultError(dir_.string() + " exists and is not a folder; choose another --out");
    if (const std::optional<std::string> why = why_not_replaceable(dir_))
      throw ResultError(dir_.string() + " is not a drillsim result set that can be replaced: " + *why +
                        "; choose another --out or empty it");
  }

  const fs::path staging = parent / (new_prefix + std::to_string(::getpid()));
  if (calls_->mkdir(staging.c_str(), 0755) != 0) fail("cannot create folder " + staging.string(), errno);
  staging_ = staging;
}

ResultFolder::~ResultFolder() {
  if (!committed_ && !staging_.empty()) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
  if (lock_fd_ >= 0) {
    // Cleared before the lock goes, so a later reader never names this run.
    [[maybe_unused]] const int cleared = ::ftruncate(lock_fd_, 0);
    ::close(lock_fd_);
  }
}

ResultFolder::File ResultFolder::create(const std::string& name) {
  if (const std::size_t slash = name.find('/'); slash != std::string::npos) {
    const std::string sub = name.substr(0, slash);
    if (std::find(subfolders_.begin(), subfolders_.end(), sub) == subfolders_.end()) {
      if (calls_->mkdir((staging_ / sub).c_str(), 0755) != 0) fail("cannot create folder " + (dir_ / sub).string(), errno);
      subfolders_.push_back(sub);
    }
  }
  const int fd = calls_->open((staging_ / name).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("cannot write " + (dir_ / name).string(), errno);
  return File(this, fd, name, dir_ / name);
}

void ResultFolder::write(const std::string& name, std::string_view contents) {
  File f = create(name);
  f.write(contents);
  f.close();
}

void ResultFolder::write(const std::string& name, const HashedText& contents) {
  File f = create(name);
  f.known_hex_ = contents.sha256_hex;
  f.write(contents.text);
  f.close();
}

void ResultFolder::write(const std::string& name, const HashedPieces& contents) {
  File f = create(name);
  f.known_hex_ = contents.sha256_hex;
  for (std::string_view piece : contents.pieces) f.write(piece);
  f.close();
}

ResultFolder::File::File(File&& other) noexcept
    : folder_(other.folder_),
      fd_(std::exchange(other.fd_, -1)),
      name_(std::move(other.name_)),
      shown_(std::move(other.shown_)),
      digest_(std::move(other.digest_)),
      known_hex_(std::move(other.known_hex_)),
      bytes_(other.bytes_) {}

ResultFolder::File::~File() {
  if (fd_ >= 0) folder_->calls_->close(fd_);
}

void ResultFolder::File::write(std::string_view text) {
  folder_->charge(text.size(), shown_, false);
  if (!known_hex_) digest_.update(text);
  bytes_ += text.size();
  // At most kMostPerWrite bytes a call, as the streamed files write: the
  // kernel's page cache takes a longer write in large folios, whose
  // high-order pages on a virtual machine can be ones handed back to the
  // host, which then supplies them afresh page by page as they are copied
  // into: many times the cost, now and then (bench/README.md,
  // Performance: the report page).
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n =
        folder_->calls_->write(fd_, text.data() + done, std::min(text.size() - done, kMostPerWrite));
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write " + shown_.string(), errno);
    }
    done += static_cast<std::size_t>(n);
  }
}

void ResultFolder::File::close() {
  const int fd = std::exchange(fd_, -1);
  if (fd < 0) return;
  if (folder_->calls_->close(fd) != 0) fail("cannot write " + shown_.string(), errno);
  folder_->written_.push_back(FileRecord{name_, bytes_, known_hex_ ? *known_hex_ : digest_.hex()});
}

void ResultFolder::charge(std::uint64_t bytes, const fs::path& shown, bool with) {
  std::uint64_t before = bytes_written_.load(std::memory_order_relaxed);
  do {
    if (bytes > budget_ - before)
      throw ResultError("cannot write " + shown.string() + ": the result set would pass its size budget of " +
                        std::to_string(budget_) + " bytes (" + std::to_string(with ? before + bytes : before) +
                        (with ? " with it" : " written") + "); raise it with --max-output or ask for less");
  } while (!bytes_written_.compare_exchange_weak(before, before + bytes, std::memory_order_relaxed));
}

void ResultFolder::adopt(const std::string& name) {
  const fs::path path = staging_ / name;
  std::error_code ec;
  const std::uintmax_t bytes = fs::file_size(path, ec);
  if (ec) throw ResultError("cannot read " + (dir_ / name).string() + ": " + ec.message());
  charge(bytes, dir_ / name, true);
  std::string hash;
  try {
    hash = sha256_file_hex(path);
  } catch (const std::exception& e) {
    throw ResultError("cannot read " + (dir_ / name).string() + ": " + e.what());
  }
  written_.push_back(FileRecord{name, bytes, std::move(hash)});
}

void ResultFolder::commit() {
  std::error_code ec;
  const bool replacing = fs::exists(fs::symlink_status(dir_, ec));
  if (!replacing) {
    if (calls_->rename(staging_.c_str(), dir_.c_str()) != 0)
      fail("cannot move the results into " + dir_.string(), errno);
    committed_ = true;
    return;
  }
  // One atomic exchange: the old set ends up under the staging name.
  if (calls_->exchange(staging_.c_str(), dir_.c_str()) == 0) {
    committed_ = true;
    fs::remove_all(staging_, ec);
    return;
  }
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    fail("cannot swap the results into " + dir_.string(), errno);
  // No exchange on this file system: set the old set aside, move the new
  // one in (restoring the old on failure), then remove the old.
  std::string old_name = ".";  // built by appending: g++ 12 -O3 warns (-Wrestrict) falsely on a chain of +
  old_name += dir_.filename().string();
  old_name += ".old-";
  old_name += std::to_string(::getpid());
  const fs::path old = dir_.parent_path() / old_name;
  if (calls_->rename(dir_.c_str(), old.c_str()) != 0)
    fail("cannot move the old results in " + dir_.string() + " aside", errno);
  if (calls_->rename(staging_.c_str(), dir_.c_str()) != 0) {
    const int err = errno;
    // Put the old set back. Should that fail too, it is whole under the
    // name the message gives, and the next run into this --out moves it back.
    if (calls_->rename(old.c_str(), dir_.c_str()) != 0)
      throw ResultError("cannot move the results into " + dir_.string() + ": " + errno_text(err) +
                        "; the earlier results are in " + old.string() + " and could not be moved back: " +
                        errno_text(errno));
    fail("cannot move the results into " + dir_.string(), err);
  }
  committed_ = true;
  fs::remove_all(old, ec);
}

std::string file_hash_hex(const std::filesystem::path& path) { return sha256_file_hex(path); }

}  // namespace drill::io
