// SHA-256 through libcrypto: the published test vectors, and a file hashed
// in pieces gives the digest of its bytes.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "io/sha256.hpp"

namespace drill::io {
namespace {

TEST(Sha256, MatchesTheFipsTestVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, AFileLongerThanOnePieceHashesAsItsBytes) {
  const auto path = std::filesystem::temp_directory_path() / ("drillsim-sha-" + std::to_string(::getpid()));
  std::string bytes;
  for (int i = 0; i < 200000; ++i) bytes += static_cast<char>('a' + i % 26);
  std::ofstream(path, std::ios::binary) << bytes;
  EXPECT_EQ(sha256_file_hex(path), sha256_hex(bytes));
  std::filesystem::remove(path);
  EXPECT_THROW(sha256_file_hex(path), std::runtime_error);
}

}  // namespace
}  // namespace drill::io
