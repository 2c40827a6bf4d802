// The number of global allocations made so far by this test executable.
//
// allocation_counter.cpp replaces the global operator new for the whole
// binary, so only the executables of allocation tests compile it in (list it
// in their SOURCES); a test reads the count before and after the code it
// checks.
#pragma once

#include <cstdint>

namespace drill::test_support {

std::uint64_t allocations() noexcept;

}  // namespace drill::test_support
