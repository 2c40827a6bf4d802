// launched_under_mpi(), launched_rank() and launched_local_size(): built with or without MPI
// (mpi_executor.hpp), so a program without MPI can tell it was started by
// mpirun and refuse, once.
#include <algorithm>
#include <cstdlib>

#include "sweep/mpi_executor.hpp"

namespace drill::sweep {

bool launched_under_mpi() noexcept {
  // OpenMPI's mpirun, then the PMI variables of MPICH/Slurm-style launchers.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

int launched_rank() noexcept {
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"}) {
    if (const char* value = std::getenv(name)) return std::atoi(value);
  }
  return 0;
}

int launched_local_size() noexcept {
  for (const char* name : {"OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS"}) {
    if (const char* value = std::getenv(name)) return std::max(0, std::atoi(value));
  }
  return 0;
}

}  // namespace drill::sweep
