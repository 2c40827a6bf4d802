// MpiRanks (mpi_executor.hpp): MPI_Init_thread / MPI_Finalize around the
// command, and the message that ends the worker ranks' loops.
#define OMPI_SKIP_MPICXX 1
#include <mpi.h>

#include <stdexcept>
#include <string>

#include "sweep/mpi_executor.hpp"
#include "sweep/mpi_messages.hpp"

namespace drill::sweep {

namespace {

/// MPI_Init_thread with `argc`/`argv` possibly null (MPI allows it).
void start(int* argc, char*** argv, int& rank, int& size) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized) throw std::logic_error("MPI is already initialised in this process");
  // FUNNELED: rank 0 runs tickets on a thread of its own, but only the
  // thread that made this object calls MPI.
  int provided = 0;
  if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
    throw std::runtime_error("MPI_Init_thread failed");
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw std::runtime_error("this MPI library does not allow threads (MPI_THREAD_FUNNELED)");
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
}

}  // namespace

MpiRanks::MpiRanks(int& argc, char**& argv) { start(&argc, &argv, rank_, size_); }
MpiRanks::MpiRanks() { start(nullptr, nullptr, rank_, size_); }

MpiRanks::~MpiRanks() {
  release_workers();
  MPI_Finalize();
}

void MpiRanks::release_workers() {
  if (!root() || released_) return;
  released_ = true;
  const char quit = mpi_messages::kQuit;
  for (int r = 1; r < size_; ++r) MPI_Send(&quit, 1, MPI_CHAR, r, mpi_messages::kToWorker, MPI_COMM_WORLD);
}

}  // namespace drill::sweep
