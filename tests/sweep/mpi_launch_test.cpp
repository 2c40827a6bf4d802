// What the launcher's environment says, read without MPI: whether mpirun
// started the process, its rank, and how many ranks share its machine.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "sweep/mpi_executor.hpp"

namespace drill::sweep {
namespace {

/// Sets (or unsets) an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(MpiLaunch, OpenMpisVariablesGiveTheRankAndTheRanksOnThisMachine) {
  const ScopedEnv size("OMPI_COMM_WORLD_SIZE", "8");
  const ScopedEnv rank("OMPI_COMM_WORLD_RANK", "5");
  const ScopedEnv local("OMPI_COMM_WORLD_LOCAL_SIZE", "4");
  EXPECT_TRUE(launched_under_mpi());
  EXPECT_EQ(launched_rank(), 5);
  EXPECT_EQ(launched_local_size(), 4);
}

TEST(MpiLaunch, WithoutALauncherNothingIsKnown) {
  const ScopedEnv size("OMPI_COMM_WORLD_SIZE", nullptr);
  const ScopedEnv pmi("PMI_SIZE", nullptr);
  const ScopedEnv pmix("PMIX_RANK", nullptr);
  const ScopedEnv rank("OMPI_COMM_WORLD_RANK", nullptr);
  const ScopedEnv pmi_rank("PMI_RANK", nullptr);
  const ScopedEnv local("OMPI_COMM_WORLD_LOCAL_SIZE", nullptr);
  const ScopedEnv mpich_local("MPI_LOCALNRANKS", nullptr);
  EXPECT_FALSE(launched_under_mpi());
  EXPECT_EQ(launched_rank(), 0);
  EXPECT_EQ(launched_local_size(), 0);
}

TEST(MpiLaunch, MpichsVariableGivesTheRanksOnThisMachine) {
  const ScopedEnv local("OMPI_COMM_WORLD_LOCAL_SIZE", nullptr);
  const ScopedEnv mpich_local("MPI_LOCALNRANKS", "3");
  EXPECT_EQ(launched_local_size(), 3);
}

}  // namespace
}  // namespace drill::sweep
