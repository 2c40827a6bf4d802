// MpiRanks (mpi_executor.hpp): MPI_Init_thread / MPI_Finalize around the
// command (the first opens the library, mpi_library.hpp), and the message
// that ends the worker ranks' loops.
#include "sweep/mpi_library.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "sweep/mpi_executor.hpp"
#include "sweep/mpi_messages.hpp"

namespace drill::sweep {

namespace {

/// MPI_Init_thread with `argc`/`argv` possibly null (MPI allows it).
void start(int* argc, char*** argv, int& rank, int& size) {
  const MpiLibrary& m = mpi();
  int initialized = 0;
  m.Initialized(&initialized);
  if (initialized) throw std::logic_error("MPI is already initialised in this process");
  // FUNNELED: rank 0 runs tickets on a thread of its own, but only the
  // thread that made this object calls MPI.
  int provided = 0;
  if (m.Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
    throw std::runtime_error("MPI_Init_thread failed");
  if (provided < MPI_THREAD_FUNNELED) {
    m.Finalize();
    throw std::runtime_error("this MPI library does not allow threads (MPI_THREAD_FUNNELED)");
  }
  m.Comm_rank(m.comm_world, &rank);
  m.Comm_size(m.comm_world, &size);
}

}  // namespace

MpiRanks::MpiRanks(int& argc, char**& argv) { start(&argc, &argv, rank_, size_); }
MpiRanks::MpiRanks() { start(nullptr, nullptr, rank_, size_); }

MpiRanks::~MpiRanks() {
  release_workers();
  mpi().Finalize();
}

void MpiRanks::abort(int code) {
  mpi().Abort(mpi().comm_world, code);
  std::_Exit(code);  // MPI_Abort ends the process; should it return, so does this
}

void MpiRanks::release_workers() {
  if (!root() || released_) return;
  released_ = true;
  const char quit = mpi_messages::kQuit;
  const MpiLibrary& m = mpi();
  for (int r = 1; r < size_; ++r) m.Send(&quit, 1, m.char_type, r, mpi_messages::kToWorker, m.comm_world);
}

}  // namespace drill::sweep
