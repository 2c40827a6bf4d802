// Writing a run's result set atomically.
//
// Every file is first written in full to a temporary name in the output
// folder and only then renamed into place, all files of the set together at
// the end: a run that fails leaves no file that looks complete, and readers
// never see a half-written one. Rename is atomic within one file system.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace drill::io {

class ResultSet {
 public:
  explicit ResultSet(std::filesystem::path dir) : dir_(std::move(dir)) {}
  /// Queues a file (name relative to the folder) with its full contents.
  void add(std::string name, std::string contents) { files_.emplace_back(std::move(name), std::move(contents)); }
  /// Creates the folder, writes every file to a temporary name, then renames
  /// them all into place. Throws std::runtime_error naming the file on failure,
  /// after removing the temporaries it created.
  void commit() const;

 private:
  std::filesystem::path dir_;
  std::vector<std::pair<std::string, std::string>> files_;
};

/// FNV-1a 64 of a file's bytes as 16 hex digits: the config hash in manifests.
std::string file_hash_hex(const std::filesystem::path& path);

}  // namespace drill::io
