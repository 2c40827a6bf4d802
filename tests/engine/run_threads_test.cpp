// Threads that run simulations (engine/run_threads.hpp): each runs its body
// with its index, named as such threads are, and keeps the affinity its
// caller had, whatever CPU it was started on; one that finds itself on its
// sibling's CPU steps back onto its own.
#include "engine/run_threads.hpp"

#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using drill::engine::start_run_thread;
using drill::engine::start_run_threads;

std::string thread_name() {
  char name[32] = {};
  pthread_getname_np(pthread_self(), name, sizeof name);
  return name;
}

cpu_set_t affinity() {
  cpu_set_t set;
  CPU_ZERO(&set);
  EXPECT_EQ(sched_getaffinity(0, sizeof set, &set), 0);
  return set;
}

/// The set of CPU `cpu` alone.
cpu_set_t only_cpu(int cpu) {
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  return one;
}

TEST(RunThreads, EachRunsItsBodyOnceWithItsIndexNamedAsARunThread) {
  std::mutex m;
  std::multiset<unsigned> ran;
  std::vector<std::string> names;
  std::vector<std::thread> threads = start_run_threads(3, [&](unsigned i) {
    std::lock_guard lock(m);
    ran.insert(i);
    names.push_back(thread_name());
  });
  ASSERT_EQ(threads.size(), 3u);
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ran, (std::multiset<unsigned>{0, 1, 2}));
  for (const std::string& name : names) EXPECT_EQ(name, "drillsim-runs");
}

TEST(RunThreads, KeepTheAffinityTheyWereStartedWith) {
  const cpu_set_t mine = affinity();
  cpu_set_t seen[4];
  std::vector<std::thread> threads = start_run_threads(4, [&](unsigned i) { seen[i] = affinity(); });
  // The caller stepped onto each thread's CPU to start it: its own
  // affinity is back.
  const cpu_set_t callers = affinity();
  for (std::thread& t : threads) t.join();
  for (const cpu_set_t& s : seen) EXPECT_TRUE(CPU_EQUAL(&s, &mine));
  EXPECT_TRUE(CPU_EQUAL(&callers, &mine));
}

// A body whose copy throws after `allowed` copies: the copy each thread
// takes fails.
struct CopyFails {
  std::shared_ptr<int> copies = std::make_shared<int>(0);
  int allowed = 0;
  CopyFails(int allowed_copies) : allowed(allowed_copies) {}
  CopyFails(const CopyFails& other) : copies(other.copies), allowed(other.allowed) {
    if (++*copies > allowed) throw std::runtime_error("no copy");
  }
  CopyFails(CopyFails&&) = default;
  void operator()(unsigned) const {}
};

TEST(RunThreads, ACallerWhoseThreadCannotBeMadeGetsItsAffinityBack) {
  const cpu_set_t mine = affinity();
  // One copy into the std::function; the first thread's copy throws, after
  // the caller stepped onto that thread's CPU (with two CPUs or more).
  const std::function<void(unsigned)> body = CopyFails(1);
  EXPECT_THROW(start_run_threads(2, body), std::runtime_error);
  const cpu_set_t after = affinity();
  EXPECT_TRUE(CPU_EQUAL(&after, &mine)) << CPU_COUNT(&after) << " CPUs of " << CPU_COUNT(&mine);
}

TEST(RunThreads, StayWhereTheCallerIsWhenItsAffinityAllowsOneCpu) {
  const cpu_set_t all = affinity();
  int one = -1;
  for (int c = 0; c < CPU_SETSIZE && one < 0; ++c)
    if (CPU_ISSET(c, &all)) one = c;
  ASSERT_GE(one, 0);
  // On a thread of its own, so that the test's thread keeps its affinity.
  std::thread caller([&] {
    const cpu_set_t only = only_cpu(one);
    ASSERT_EQ(sched_setaffinity(0, sizeof only, &only), 0);
    int cpu = -1;
    cpu_set_t kept;
    std::thread t = start_run_thread([&] {
      cpu = sched_getcpu();
      kept = affinity();
    });
    t.join();
    EXPECT_EQ(cpu, one);
    EXPECT_TRUE(CPU_EQUAL(&kept, &only));
  });
  caller.join();
}

TEST(RunThreads, UsableCpusAreTheCallersAffinity) {
  const cpu_set_t all = affinity();
  EXPECT_EQ(drill::engine::usable_cpus(), static_cast<unsigned>(CPU_COUNT(&all)));
  int one = -1;
  for (int c = 0; c < CPU_SETSIZE && one < 0; ++c)
    if (CPU_ISSET(c, &all)) one = c;
  ASSERT_GE(one, 0);
  // On a thread of its own, so that the test's thread keeps its affinity.
  unsigned seen = 0;
  std::thread caller([&] {
    const cpu_set_t only = only_cpu(one);
    ASSERT_EQ(sched_setaffinity(0, sizeof only, &only), 0);
    seen = drill::engine::usable_cpus();
  });
  caller.join();
  EXPECT_EQ(seen, 1u);
}

// Two threads of a set, thread 1 seen on the CPU it was placed on; thread 0
// is moved onto that CPU (as the kernel's wake-up placement moves one) and
// then calls keep_apart() with `sibling_seen` telling whether thread 1 has
// looked first. What keep_apart() returned, where thread 0 was placed and
// where it was just after.
struct Stepped {
  bool returned = false;
  int placed = -1;
  int after = -1;
  cpu_set_t affinity_after;
};

Stepped move_onto_sibling_and_keep_apart(bool sibling_seen) {
  std::mutex m;
  std::condition_variable cv;
  bool sibling_looked = false;
  bool done = false;
  int sibling_cpu = -1;
  Stepped r;
  std::vector<std::thread> threads = start_run_threads(2, [&](unsigned i) {
    std::unique_lock lock(m);
    if (i == 1) {
      sibling_cpu = drill::engine::placed_cpu();
      if (sibling_seen) {
        // On its own CPU: narrowed there while it looks.
        const cpu_set_t home = only_cpu(sibling_cpu);
        EXPECT_EQ(sched_setaffinity(0, sizeof home, &home), 0);
        EXPECT_FALSE(drill::engine::keep_apart());  // on its own CPU: nothing to do
      }
      sibling_looked = true;
      cv.notify_all();
      cv.wait(lock, [&] { return done; });
      return;
    }
    cv.wait(lock, [&] { return sibling_looked; });
    r.placed = drill::engine::placed_cpu();
    const cpu_set_t there = only_cpu(sibling_cpu);
    EXPECT_EQ(sched_setaffinity(0, sizeof there, &there), 0);
    EXPECT_EQ(sched_getcpu(), sibling_cpu);
    r.returned = drill::engine::keep_apart();
    r.after = sched_getcpu();
    r.affinity_after = affinity();
    done = true;
    cv.notify_all();
  });
  for (std::thread& t : threads) t.join();
  return r;
}

TEST(RunThreads, OneOnItsSiblingsCpuStepsBackOntoItsOwn) {
  // Needs two CPUs to place two threads apart (the test machine has two).
  if (drill::engine::usable_cpus() < 2) GTEST_SKIP() << "one usable CPU: nothing to keep apart";
  const cpu_set_t mine = affinity();
  const Stepped r = move_onto_sibling_and_keep_apart(true);
  ASSERT_GE(r.placed, 0);
  EXPECT_TRUE(r.returned);
  EXPECT_EQ(r.after, r.placed);
  // Widened again: stepped back, not pinned.
  EXPECT_TRUE(CPU_EQUAL(&r.affinity_after, &mine));
}

TEST(RunThreads, OneOnAnotherCpuNoSiblingWasSeenOnStaysThere) {
  if (drill::engine::usable_cpus() < 2) GTEST_SKIP() << "one usable CPU: nothing to keep apart";
  // Thread 1 never looked: nothing says it is on that CPU, so thread 0 is
  // not sharing it and stays (only narrowed there by the test).
  const Stepped r = move_onto_sibling_and_keep_apart(false);
  ASSERT_GE(r.placed, 0);
  EXPECT_FALSE(r.returned);
  EXPECT_NE(r.after, r.placed);
}

TEST(RunThreads, KeepApartIsNothingForOtherThreads) {
  EXPECT_FALSE(drill::engine::keep_apart());
  EXPECT_EQ(drill::engine::placed_cpu(), -1);
}

}  // namespace
