// cmake/EmbedFiles.cmake keeps a file's bytes exactly: every byte value, NUL
// included, quotes, backslashes and ")\"", and an empty file.
#include <gtest/gtest.h>

#include <string>

#include "tests/report/page/embedded_fixture.hpp"

namespace {

using drill::report::page::test_files::all_bytes;
using drill::report::page::test_files::empty;

TEST(EmbedFiles, EveryByteValueIsKeptInOrder) {
  ASSERT_EQ(all_bytes.size(), 256u + 5u);
  for (int i = 0; i < 256; ++i) {
    EXPECT_EQ(static_cast<unsigned char>(all_bytes[static_cast<std::size_t>(i)]), i) << "byte " << i;
  }
  EXPECT_EQ(all_bytes.substr(256), std::string_view(")\"\\\"\n"));
}

TEST(EmbedFiles, AnEmptyFileIsAnEmptyString) { EXPECT_TRUE(empty.empty()); }

}  // namespace
