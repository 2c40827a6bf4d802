// The frame pool: recycles the memory of coroutine process frames.
//
// A model spawns a process per sortie, turnaround or message, and each
// process's frame used to be a malloc and a free (with the C library
// trimming and regrowing its heap in between). `Process::promise_type`
// allocates its frames here instead: frames are sorted into classes by size
// (multiples of 64 bytes up to 4 KiB; larger frames go to the global
// allocator), and a finished frame's block goes onto its class's free list,
// where the next frame of that class takes it, still in cache. A steady
// state of spawning and finishing processes therefore allocates nothing.
//
// Where the pool lives: a coroutine's frame is allocated before the body
// runs, from the coroutine's arguments only, so the promise cannot reach
// the Simulation the process will be spawned into. The pool is therefore one
// per thread. It holds free memory only, never simulation state: which block
// a frame gets cannot change a result, and a simulation (one thread at a
// time) and the replications running on other threads stay independent.
// Blocks are individually allocated, so a frame freed on another thread is
// simply recycled there. The free lists keep at most kMaxCachedBytes a
// thread; beyond that a freed block goes back to the global allocator. Each
// Simulation registers with its thread's pool while it lives; when the last
// one on the thread ends, the pool returns its blocks, so memory is not held
// between runs and every run starts from the same empty pool (a run's
// allocations do not depend on what ran before it on the thread).
//
// Under AddressSanitizer the pool passes every frame straight to the global
// allocator, so a use of a destroyed frame is still reported.
#pragma once

#include <array>
#include <cstddef>
#include <new>

#include "core/recycling.hpp"

namespace drill::core::detail {

inline constexpr bool kFramePoolEnabled = kRecycleMemory;

class FramePool {
 public:
  static constexpr std::size_t kGranule = 64;
  static constexpr std::size_t kClasses = 64;  // blocks of 64 B .. 4 KiB
  static constexpr std::size_t kMaxCachedBytes = std::size_t{64} << 20;

  FramePool() = default;
  FramePool(const FramePool&) = delete;
  FramePool& operator=(const FramePool&) = delete;
  ~FramePool() { release_all(); }

  /// The calling thread's pool.
  static FramePool& local() noexcept {
    thread_local FramePool pool;
    return pool;
  }

  void* allocate(std::size_t bytes) {
    const std::size_t c = class_of(bytes);
    if (c >= kClasses || !kFramePoolEnabled) return ::operator new(bytes);
    if (Block* b = free_[c]) {
      free_[c] = b->next;
      cached_ -= c * kGranule;
      return b;
    }
    return ::operator new(c * kGranule, kBlockAlignment);
  }

  void deallocate(void* p, std::size_t bytes) noexcept {
    const std::size_t c = class_of(bytes);
    if (c >= kClasses || !kFramePoolEnabled) {
      free_bytes(p, bytes);
      return;
    }
    if (cached_ + c * kGranule > kMaxCachedBytes) {
      free_block(p, c);
      return;
    }
    Block* b = ::new (p) Block{free_[c]};
    free_[c] = b;
    cached_ += c * kGranule;
  }

  /// Bytes of free blocks held now (for tests).
  std::size_t cached_bytes() const noexcept { return cached_; }

  /// A simulation began / ended on this thread; the last to end empties
  /// the pool.
  void simulation_started() noexcept { ++simulations_; }
  void simulation_ended() noexcept {
    if (--simulations_ <= 0) {
      simulations_ = 0;
      release_all();
    }
  }

  /// Returns every cached block to the global allocator.
  void release_all() noexcept {
    for (std::size_t c = 1; c < kClasses; ++c) {
      while (Block* b = free_[c]) {
        free_[c] = b->next;
        free_block(b, c);
      }
    }
    cached_ = 0;
  }

 private:
  /// Sized deallocation where the compiler has it (g++ by default; clang
  /// only with -fsized-deallocation), plain deallocation otherwise.
  static void free_bytes(void* p, [[maybe_unused]] std::size_t bytes) noexcept {
#if defined(__cpp_sized_deallocation)
    ::operator delete(p, bytes);
#else
    ::operator delete(p);
#endif
  }

  /// A pooled block of class `c` (allocated cache-line aligned), with sized
  /// deallocation where the compiler has it, as free_bytes.
  static void free_block(void* p, [[maybe_unused]] std::size_t c) noexcept {
#if defined(__cpp_sized_deallocation)
    ::operator delete(p, c * kGranule, kBlockAlignment);
#else
    ::operator delete(p, kBlockAlignment);
#endif
  }

  // Pooled blocks start on a cache line: a frame of n lines then spans n
  // lines, not n + 1, and the lines a resumption reads (the resume
  // pointer, the promise, the suspension point's index) are the same
  // lines for every frame of a coroutine.
  static constexpr std::align_val_t kBlockAlignment{kGranule};

  struct Block {
    Block* next;
  };
  static constexpr std::size_t class_of(std::size_t bytes) noexcept { return (bytes + kGranule - 1) / kGranule; }

  std::array<Block*, kClasses> free_{};
  std::size_t cached_ = 0;
  long simulations_ = 0;
};

}  // namespace drill::core::detail
