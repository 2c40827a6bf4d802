#include "sweep/mpi_library.hpp"

#include <dlfcn.h>

#include <stdexcept>
#include <string>
#include <type_traits>

namespace drill::sweep {

namespace {

// The MPI library's file name (its soname, found by CMake when it built
// this file, e.g. libmpi.so.40), looked up on the loader's usual path.
constexpr const char* kLibrary = DRILLSIM_MPI_LIBRARY;

std::string loader_error() {
  const char* e = dlerror();
  return e != nullptr ? e : "unknown reason";
}

MpiLibrary open_library() {
  // Global: OpenMPI's own plug-ins, which it opens in turn, resolve their
  // symbols against the library.
  void* const handle = dlopen(kLibrary, RTLD_NOW | RTLD_GLOBAL);
  if (handle == nullptr)
    throw std::runtime_error(std::string("cannot open the MPI library ") + kLibrary + ": " + loader_error());
  const auto symbol = [handle](const char* name) {
    dlerror();
    void* const p = dlsym(handle, name);
    if (p == nullptr)
      throw std::runtime_error(std::string("the MPI library ") + kLibrary + " has no " + name + ": " +
                               loader_error());
    return p;
  };
  MpiLibrary m{};
  const auto bind = [&symbol](auto& f, const char* name) {
    f = reinterpret_cast<std::remove_reference_t<decltype(f)>>(symbol(name));
  };
  bind(m.Initialized, "MPI_Initialized");
  bind(m.Init_thread, "MPI_Init_thread");
  bind(m.Finalize, "MPI_Finalize");
  bind(m.Abort, "MPI_Abort");
  bind(m.Comm_rank, "MPI_Comm_rank");
  bind(m.Comm_size, "MPI_Comm_size");
  bind(m.Send, "MPI_Send");
  bind(m.Isend, "MPI_Isend");
  bind(m.Test, "MPI_Test");
  bind(m.Wait, "MPI_Wait");
  bind(m.Iprobe, "MPI_Iprobe");
  bind(m.Get_count, "MPI_Get_count");
  bind(m.Recv, "MPI_Recv");
  bind(m.Irecv, "MPI_Irecv");
#if defined(OPEN_MPI)
  // OpenMPI's handles are the addresses of the library's predefined
  // objects (what mpi.h's MPI_COMM_WORLD and MPI_CHAR take the address of).
  m.comm_world = static_cast<MPI_Comm>(symbol("ompi_mpi_comm_world"));
  m.char_type = static_cast<MPI_Datatype>(symbol("ompi_mpi_char"));
#else
  // MPICH and its kin: the handles are integer constants.
  m.comm_world = MPI_COMM_WORLD;
  m.char_type = MPI_CHAR;
#endif
  return m;
}

}  // namespace

const MpiLibrary& mpi() {
  static const MpiLibrary library = open_library();
  return library;
}

}  // namespace drill::sweep
