// A file embedded by cmake/EmbedFiles.cmake for embed_files_test.cpp: every
// byte value once, then text that would end a raw or plain literal early.
#pragma once

#include <string_view>

namespace drill::report::page::test_files {

extern const std::string_view all_bytes;
extern const std::string_view empty;

}  // namespace drill::report::page::test_files
