// SHA-256 of a file's bytes, as the 64 lowercase hex digits `sha256sum`
// prints: the config hash of result manifests, so a reader can confirm which
// drill file produced a result set. Uses OpenSSL's libcrypto (EVP API);
// reads the file in 64 KiB pieces, so memory does not grow with its size.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace drill::io {

/// Throws std::runtime_error naming the file if it cannot be read.
std::string sha256_file_hex(const std::filesystem::path& path);

/// Of bytes in memory.
std::string sha256_hex(std::string_view bytes);

/// A text and its SHA-256, hashed where the text was built (on a thread of
/// its own, say), so that writing it into a result set
/// (ResultFolder::write) does not hash it again on the writer's thread.
struct HashedText {
  std::string text;
  std::string sha256_hex;
  static HashedText of(std::string text) {
    std::string hex = drill::io::sha256_hex(text);
    return HashedText{std::move(text), std::move(hex)};
  }
};

/// A text held in pieces, views into strings that outlive it (report.html
/// is the page's head, the dashboard document kept for the live server,
/// and its tail: no copy of the document is made), and its SHA-256.
struct HashedPieces {
  std::vector<std::string_view> pieces;
  std::string sha256_hex;
  static HashedPieces of(std::vector<std::string_view> pieces);
  std::size_t size() const noexcept {
    std::size_t n = 0;
    for (std::string_view p : pieces) n += p.size();
    return n;
  }
};

/// A digest fed piece by piece: what a file being written hashes as it
/// goes, so its checksum costs no second read. Throws std::runtime_error
/// if OpenSSL fails.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  void update(std::string_view bytes);
  /// The 64 hex digits of everything fed so far; the digest is then spent.
  std::string hex();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace drill::io
