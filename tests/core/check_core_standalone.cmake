# Fails unless every file in core/ includes only standard library headers and
# other files of core/: the kernel is standard C++ only. A whitelist, so a
# header of any library, or of another layer, fails whatever its name.
cmake_policy(VERSION 3.25)
file(GLOB_RECURSE sources "${CORE_DIR}/*.hpp" "${CORE_DIR}/*.cpp")
# The C++20 standard library headers (and the C headers it offers as <cxxx>)
# that core/ may use.
set(standard_headers
  algorithm any array atomic barrier bit bitset cassert cctype cerrno cfloat charconv chrono cinttypes climits
  clocale cmath compare complex concepts condition_variable coroutine csetjmp csignal cstdarg cstddef cstdint
  cstdio cstdlib cstring ctime cuchar cwchar cwctype deque exception execution expected filesystem format
  forward_list fstream functional future initializer_list iomanip ios iosfwd iostream istream iterator latch
  limits list locale map memory memory_resource mutex new numbers numeric optional ostream queue random ranges
  ratio regex scoped_allocator semaphore set shared_mutex source_location span sstream stack stdexcept
  stop_token streambuf string string_view syncstream system_error thread tuple type_traits typeindex typeinfo
  unordered_map unordered_set utility valarray variant vector version)
set(bad "")
foreach(f IN LISTS sources)
  file(STRINGS "${f}" includes REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS includes)
    if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*<([^>]+)>")
      if(NOT CMAKE_MATCH_1 IN_LIST standard_headers)
        list(APPEND bad "${f}: ${line} (not a standard library header)")
      endif()
    elseif(line MATCHES "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\"")
      set(target "${CMAKE_MATCH_1}")
      if(NOT target MATCHES "^core/[A-Za-z0-9_/]+\\.hpp$" OR target MATCHES "\\.\\.")
        list(APPEND bad "${f}: ${line} (only \"core/...\" headers)")
      elseif(NOT EXISTS "${CORE_DIR}/../${target}")
        list(APPEND bad "${f}: ${line} (no such file in core/)")
      endif()
    else()
      list(APPEND bad "${f}: ${line} (an include this check cannot read)")
    endif()
  endforeach()
endforeach()
if(bad)
  string(REPLACE ";" "\n" bad "${bad}")
  message(FATAL_ERROR "core/ must depend on the standard library only:\n${bad}")
endif()
list(LENGTH sources n)
if(n EQUAL 0)
  message(FATAL_ERROR "no sources found under ${CORE_DIR}")
endif()
message(STATUS "core/: ${n} files include only the standard library and core/")
