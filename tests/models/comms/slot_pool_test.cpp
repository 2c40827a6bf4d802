// The network's one pool type: released slots are reused before the pool
// grows, and live() counts what is out.
#include <gtest/gtest.h>

#include "models/comms/slot_pool.hpp"

namespace drill::models::comms {
namespace {

TEST(CommsSlotPool, ReusesTheLastReleasedSlotBeforeGrowing) {
  SlotPool<int> pool;
  const std::uint32_t a = pool.acquire();
  const std::uint32_t b = pool.acquire();
  pool[a] = 7;
  pool[b] = 9;
  EXPECT_EQ(pool.live(), 2u);
  pool.release(a);
  EXPECT_EQ(pool.live(), 1u);
  EXPECT_EQ(pool.acquire(), a);
  EXPECT_EQ(pool[a], 7);  // as it was released: the caller resets what it uses
  EXPECT_EQ(pool.size(), 2u);
  EXPECT_EQ(pool.acquire(), 2u);
  EXPECT_EQ(pool.live(), 3u);
}

}  // namespace
}  // namespace drill::models::comms
