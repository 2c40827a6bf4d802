// Threads that run simulations (engine/run_threads.hpp): each runs its body
// with its index, named as such threads are, and keeps the affinity its
// caller had, whatever CPU it was started on.
#include "engine/run_threads.hpp"

#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>

#include <mutex>
#include <set>
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

TEST(RunThreads, StayWhereTheCallerIsWhenItsAffinityAllowsOneCpu) {
  const cpu_set_t all = affinity();
  int one = -1;
  for (int c = 0; c < CPU_SETSIZE && one < 0; ++c)
    if (CPU_ISSET(c, &all)) one = c;
  ASSERT_GE(one, 0);
  // On a thread of its own, so that the test's thread keeps its affinity.
  std::thread caller([&] {
    cpu_set_t only;
    CPU_ZERO(&only);
    CPU_SET(one, &only);
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

}  // namespace
