// SHA-256 of a file's bytes, as the 64 lowercase hex digits `sha256sum`
// prints: the config hash of result manifests, so a reader can confirm which
// drill file produced a result set. Uses OpenSSL's libcrypto (EVP API);
// reads the file in 64 KiB pieces, so memory does not grow with its size.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace drill::io {

/// Throws std::runtime_error naming the file if it cannot be read.
std::string sha256_file_hex(const std::filesystem::path& path);

/// Of bytes in memory.
std::string sha256_hex(std::string_view bytes);

}  // namespace drill::io
