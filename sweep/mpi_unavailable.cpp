// mpi_executor.hpp in a build without MPI (DRILLSIM_MPI=OFF, or AUTO where
// OpenMPI was not found): starting MPI is refused with a message that says
// what to do, so `mpirun drillsim sweep` never runs a whole sweep per rank.
#include <stdexcept>

#include "sweep/mpi_executor.hpp"

namespace drill::sweep {

namespace {

[[noreturn]] void refuse() {
  throw std::runtime_error(
      "this drillsim was built without MPI: run the sweep without mpirun (`--jobs` uses the local cores), "
      "or rebuild with libopenmpi-dev installed and -DDRILLSIM_MPI=ON");
}

}  // namespace

MpiRanks::MpiRanks(int&, char**&) { refuse(); }
MpiRanks::MpiRanks() { refuse(); }
MpiRanks::~MpiRanks() = default;
void MpiRanks::release_workers() {}
void MpiRanks::abort(int) { refuse(); }

std::unique_ptr<Executor> make_mpi_executor(MpiRanks&, Runs&, std::string, CallerRuns) {
  throw std::logic_error("make_mpi_executor without MPI built in");
}
void serve_mpi_worker(MpiRanks&, Runs&) { throw std::logic_error("serve_mpi_worker without MPI built in"); }
void serve_mpi_worker(MpiRanks&, const std::function<std::unique_ptr<Runs>(std::string_view)>&) {
  throw std::logic_error("serve_mpi_worker without MPI built in");
}

}  // namespace drill::sweep
