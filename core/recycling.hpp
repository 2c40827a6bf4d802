// Whether the core recycles the memory a run gives up (frame_pool.hpp,
// spare_arrays.hpp): not under AddressSanitizer, so that a use of memory a
// run has given up is still reported rather than landing in the next run's.
#pragma once

namespace drill::core::detail {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kRecycleMemory = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kRecycleMemory = false;
#else
inline constexpr bool kRecycleMemory = true;
#endif
#else
inline constexpr bool kRecycleMemory = true;
#endif

}  // namespace drill::core::detail
