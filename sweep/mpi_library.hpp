// The MPI library, opened when a sweep first starts MPI (MpiRanks) rather
// than linked: a drillsim built with MPI maps OpenMPI's libraries (libmpi
// and the six it loads, about 5 ms of every command's start on the test
// machine) only under mpirun, and a plain run on a machine without them
// still starts. The MPI code calls MPI through this table; mpi.h gives the
// types and constants. Built only with MPI.
#pragma once

#define OMPI_SKIP_MPICXX 1
#include <mpi.h>

namespace drill::sweep {

struct MpiLibrary {
  decltype(&::MPI_Initialized) Initialized;
  decltype(&::MPI_Init_thread) Init_thread;
  decltype(&::MPI_Finalize) Finalize;
  decltype(&::MPI_Abort) Abort;
  decltype(&::MPI_Comm_rank) Comm_rank;
  decltype(&::MPI_Comm_size) Comm_size;
  decltype(&::MPI_Send) Send;
  decltype(&::MPI_Isend) Isend;
  decltype(&::MPI_Test) Test;
  decltype(&::MPI_Wait) Wait;
  decltype(&::MPI_Iprobe) Iprobe;
  decltype(&::MPI_Get_count) Get_count;
  decltype(&::MPI_Recv) Recv;
  decltype(&::MPI_Irecv) Irecv;
  MPI_Comm comm_world;     // MPI_COMM_WORLD
  MPI_Datatype char_type;  // MPI_CHAR
};

/// The library's table, opened on the first call (thread-safe). Throws
/// std::runtime_error naming the library and the loader's reason when it
/// cannot be opened or lacks a function.
const MpiLibrary& mpi();

}  // namespace drill::sweep
