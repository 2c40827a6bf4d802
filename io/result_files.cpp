#include "io/result_files.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace drill::io {

void ResultSet::commit() const {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) throw std::runtime_error("cannot create output folder " + dir_.string() + ": " + ec.message());
  std::vector<fs::path> temps;
  auto cleanup = [&] {
    for (const auto& t : temps) fs::remove(t, ec);
  };
  const std::string suffix = ".tmp-" + std::to_string(::getpid());
  for (const auto& [name, contents] : files_) {
    const fs::path tmp = dir_ / ("." + name + suffix);
    temps.push_back(tmp);
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.close();
    if (!out) {
      cleanup();
      throw std::runtime_error("cannot write " + (dir_ / name).string());
    }
  }
  for (std::size_t i = 0; i < files_.size(); ++i) {
    fs::rename(temps[i], dir_ / files_[i].first, ec);
    if (ec) {
      cleanup();
      throw std::runtime_error("cannot move " + (dir_ / files_[i].first).string() + " into place: " + ec.message());
    }
  }
}

std::string file_hash_hex(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (std::istreambuf_iterator<char> it(in), end; it != end; ++it) {
    h ^= static_cast<unsigned char>(*it);
    h *= 0x100000001B3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace drill::io
