// The MPI library is opened when a sweep starts MPI, not when drillsim
// starts (sweep/mpi_library.hpp): read back from the process's own map of
// what it has loaded.
#include "sweep/mpi_library.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string mapped_files() {
  std::ifstream maps("/proc/self/maps");
  std::ostringstream all;
  all << maps.rdbuf();
  return all.str();
}

TEST(MpiLibrary, IsNotLoadedUntilFirstUsedThenGivesEveryFunctionAndHandle) {
  // This program links drill_sweep, MPI executor and all, like drillsim.
  ASSERT_EQ(mapped_files().find("/libmpi"), std::string::npos) << "MPI was loaded at start";
  const drill::sweep::MpiLibrary& m = drill::sweep::mpi();
  EXPECT_NE(mapped_files().find("/libmpi"), std::string::npos);
  for (const void* f : {reinterpret_cast<const void*>(m.Initialized), reinterpret_cast<const void*>(m.Init_thread),
                        reinterpret_cast<const void*>(m.Finalize), reinterpret_cast<const void*>(m.Comm_rank),
                        reinterpret_cast<const void*>(m.Comm_size), reinterpret_cast<const void*>(m.Send),
                        reinterpret_cast<const void*>(m.Isend), reinterpret_cast<const void*>(m.Test),
                        reinterpret_cast<const void*>(m.Wait), reinterpret_cast<const void*>(m.Iprobe),
                        reinterpret_cast<const void*>(m.Get_count), reinterpret_cast<const void*>(m.Recv)})
    EXPECT_NE(f, nullptr);
  // Not started here: asking is allowed before MPI_Init.
  int initialized = 1;
  EXPECT_EQ(m.Initialized(&initialized), MPI_SUCCESS);
  EXPECT_EQ(initialized, 0);
  EXPECT_EQ(&drill::sweep::mpi(), &m) << "opened once";
}

}  // namespace
