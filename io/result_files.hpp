// Writing a run's result set as one unit.
//
// `ResultFolder` stages the whole set in a new sibling folder of `--out`
// (`.NAME.new-PID`) and `commit()` swaps it into place by rename: with
// renameat2(RENAME_EXCHANGE) where the file system has it, else by moving the
// old set aside first; the old set is removed only after the new one is in.
// A reader of `--out` sees the old complete set or the new complete set,
// never a mix. A run that fails or is killed leaves `--out` as it was.
//
// A lock (flock on the sibling file `.NAME.lock`, released by the kernel when
// the process ends, however it ends) makes a second run into the same
// folder refuse instead of mixing; it names the holder. Under the lock,
// staging folders of dead runs are removed. The constructor does all of this
// and the checks (a parent that can be written, an existing `--out` that is
// empty or provably a drillsim result set: see result_check.hpp), so a run
// fails before it simulates, not after, and never replaces a folder that
// holds anything drillsim did not write.
// Files are written to the staging folder as they are produced; nothing is
// held in memory until the end. Files are not flushed to disk (fsync)
// before the swap: one flush per file costs a few milliseconds, thousands
// in a large set of replications; a power loss just after a run may leave
// the new set short, which `drillsim verify` reports. Each file's size and SHA-256 are computed as
// it is written (no second read) and kept for the manifest (`written()`).
// A set has a byte budget (unlimited unless set_budget is called): a write
// that would take the files past it fails with a ResultError naming the
// budget, so an output larger than asked for (a dense trace, a million
// replications) ends the run instead of filling the disk; the old set
// stays in place as after any failed write.
// Every call that creates, writes, closes or moves a file of the
// set goes through a FileCalls (file_calls.hpp): the system's unless the
// caller passes another, which is how the tests fail the Nth of them.
// Not thread-safe: one thread writes a set.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "io/file_calls.hpp"
#include "io/sha256.hpp"

namespace drill::io {

/// A result set could not be written; the message names the path and the
/// system's reason.
class ResultError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One file of a result set as its manifest lists it.
struct FileRecord {
  std::string name;      // relative to the set's folder
  std::uint64_t bytes = 0;
  std::string sha256;    // 64 hex digits
};

class ResultFolder {
 public:
  /// Takes the lock on `dir`, removes leftovers of dead runs and creates the
  /// staging folder. Throws ResultError (also when another run holds the lock).
  /// `calls` (if given) must outlive the folder; default: the system's.
  explicit ResultFolder(std::filesystem::path dir, FileCalls* calls = nullptr);
  ResultFolder(const ResultFolder&) = delete;
  ResultFolder& operator=(const ResultFolder&) = delete;
  /// Without a commit, removes the staging folder. Releases the lock.
  ~ResultFolder();

  /// A file of the set being written piece by piece; closed (and checked)
  /// by close(), or closed unchecked on destruction. Two files may be
  /// written at once from two threads (the budget is shared safely); each
  /// file is written by one thread at a time, and created and closed on
  /// the thread that owns the folder.
  class File {
   public:
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    File(File&& other) noexcept;
    ~File();
    void write(std::string_view text);
    void close();

   private:
    friend class ResultFolder;
    File(ResultFolder* folder, int fd, std::string name, std::filesystem::path shown)
        : folder_(folder), fd_(fd), name_(std::move(name)), shown_(std::move(shown)) {}
    ResultFolder* folder_;
    int fd_;
    std::string name_;
    std::filesystem::path shown_;  // the path in --out, for messages
    Sha256 digest_;
    std::optional<std::string> known_hex_;  // the digest of a HashedText: nothing to hash
    std::uint64_t bytes_ = 0;
    static constexpr std::size_t kMostPerWrite = 64 * 1024;  // bytes a write(2) call at most
  };

  /// Starts one file of the set (name relative to the folder; `sub/name`
  /// puts it in a subfolder of the set, made on first use, one level deep).
  File create(const std::string& name);
  /// Where a file of the set that another library writes itself (a SQLite
  /// database) goes while the set is staged; adopt() takes it into the set
  /// once it is complete and closed.
  std::filesystem::path staged(const std::string& name) const { return staging_ / name; }
  /// Takes the complete file staged(name) into the set: reads it once for
  /// its size and SHA-256 and counts it against the budget (a ResultError
  /// when it passes it, or when it cannot be read).
  void adopt(const std::string& name);
  /// Writes one file of the set in full.
  void write(const std::string& name, std::string_view contents);
  /// The same for a text hashed already: its digest is taken as computed.
  void write(const std::string& name, const HashedText& contents);
  /// The same for a text in pieces, written one after the other.
  void write(const std::string& name, const HashedPieces& contents);
  /// Puts the staged set in place of `dir`'s old contents. Throws
  /// ResultError, leaving the old contents in place.
  void commit();

  /// Refuse writes beyond `bytes` in all (the files' contents).
  void set_budget(std::uint64_t bytes) noexcept { budget_ = bytes; }
  std::uint64_t budget() const noexcept { return budget_; }
  /// Bytes written so far, into every file.
  std::uint64_t bytes_written() const noexcept { return bytes_written_.load(std::memory_order_relaxed); }

  /// The files closed so far, in the order they were closed.
  const std::vector<FileRecord>& written() const noexcept { return written_; }

  const std::filesystem::path& dir() const noexcept { return dir_; }

 private:
  /// The constructor's work once the lock is taken: names the holder in the
  /// lock file, removes leftovers, checks `dir_`, creates the staging folder.
  void hold_and_check(const std::filesystem::path& lock_path, const std::string& name);
  /// Counts `bytes` more against the budget, or throws ResultError naming
  /// `shown` (with `with`: the figure given is the total with them).
  void charge(std::uint64_t bytes, const std::filesystem::path& shown, bool with);

  SystemFileCalls system_calls_;
  FileCalls* calls_;
  std::filesystem::path dir_;
  std::filesystem::path staging_;
  int lock_fd_ = -1;
  bool committed_ = false;
  std::vector<FileRecord> written_;
  std::vector<std::string> subfolders_;  // made in the staging folder
  std::uint64_t budget_ = UINT64_MAX;
  // Atomic: two files of a set may be written at once from two threads
  // (the run's time series and the timetables formatted beside it).
  std::atomic<std::uint64_t> bytes_written_ = 0;
};

/// The config hash in summaries and manifests: the file's SHA-256 as 64 hex
/// digits (sha256_file_hex). Throws std::runtime_error if it cannot be read.
std::string file_hash_hex(const std::filesystem::path& path);

}  // namespace drill::io
