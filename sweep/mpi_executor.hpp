// A sweep across MPI ranks: `mpirun -np K drillsim sweep SWEEP.yaml`.
//
// Rank 0 runs the sweep (validation, the driver, the database, every file
// and every line printed); it hands runs out from a dynamic work queue (a
// rank that finishes gets the next ticket, so slow and fast machines share
// the work) and runs tickets itself (on the thread that runs the sweep, or
// on a thread of its own when its machine has a core to spare), so K ranks
// are K workers. Ranks 1..K-1 loop in serve_mpi_worker(): they learn a design
// point from its describe() text the first time they get one of its
// tickets, run tickets, and send encode()d outcomes back. Outcomes are
// consumed on rank 0 in ticket order through the same Executor interface as
// local threads, so the results equal a `--jobs 1` run whatever K is.
//
// MPI is optional: configure with -DDRILLSIM_MPI=AUTO|ON|OFF (AUTO builds it
// when OpenMPI is found). Without it, mpi_available is false and MpiRanks's
// constructor throws, so a program started by mpirun refuses instead of
// running the whole sweep once per rank.
//
// Threads: MPI is initialised FUNNELED; only the thread that made MpiRanks
// calls MPI. Rank 0's local run thread, where it has one, never does.
// Costs per run: 12 bytes of a ticket batch to a worker rank (one message a
// rank each time rank 0 hands out tickets), its encode()d outcome in a batch
// of answers back (its series' keys only when they are not the rank's
// previous outcome's; a batch per half millisecond of runs or 32 KiB), a
// point's description once per rank.
// While waiting, rank 0 and the workers poll with short sleeps rather than
// spin, so a waiting rank leaves its core to the runs.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "sweep/executor.hpp"

namespace drill::sweep {

#ifdef DRILLSIM_HAVE_MPI
inline constexpr bool mpi_available = true;
#else
inline constexpr bool mpi_available = false;
#endif

/// True when this process was started by mpirun/mpiexec (OpenMPI's
/// OMPI_COMM_WORLD_SIZE, or PMI_SIZE / PMIX_RANK of other launchers).
/// Does not need MPI built in: a program without it uses this to refuse.
bool launched_under_mpi() noexcept;
/// This process's rank as the launcher's environment gives it (0 when it
/// gives none), for a program that cannot start MPI to report once.
int launched_rank() noexcept;
/// How many ranks the launcher started on this machine (OpenMPI's
/// OMPI_COMM_WORLD_LOCAL_SIZE, MPICH's MPI_LOCALNRANKS); 0 when it does not say.
int launched_local_size() noexcept;

/// The process's membership of MPI_COMM_WORLD: MPI_Init_thread on
/// construction, MPI_Finalize on destruction. One per process, made by the
/// command's main thread before anything else uses MPI.
class MpiRanks {
 public:
  /// Throws std::runtime_error when MPI is not built in or cannot start.
  MpiRanks(int& argc, char**& argv);
  /// The same without the program's arguments (OpenMPI takes its settings
  /// from the environment mpirun sets).
  MpiRanks();
  /// On rank 0, releases the workers first (release_workers()), so an error
  /// on rank 0 before any work still ends every rank.
  ~MpiRanks();
  MpiRanks(const MpiRanks&) = delete;
  MpiRanks& operator=(const MpiRanks&) = delete;

  int rank() const noexcept { return rank_; }
  int size() const noexcept { return size_; }
  /// Rank 0: the only rank that writes files and prints.
  bool root() const noexcept { return rank_ == 0; }

  /// Rank 0: tells every worker rank to leave serve_mpi_worker(). Once; later
  /// calls do nothing. No executor may be used after it.
  void release_workers();
  /// Ends every rank of the job at once with `code` (MPI_Abort), for rank 0
  /// after an executor lost workers (Executor::lost_workers()): releasing
  /// them and MPI_Finalize would wait for ranks that are gone.
  [[noreturn]] void abort(int code);

 private:
  int rank_ = 0;
  int size_ = 1;
  [[maybe_unused]] bool released_ = false;  // unused where MPI is not built (mpi_unavailable.cpp)
};

/// Rank 0's executor: workers() == ranks.size() (rank 0 itself and
/// every other rank). `runs` and `ranks` must outlive it. Several execute()
/// calls may follow each other (a search's probes); a worker learns each
/// point once. `identity` (e.g. the SHA-256 of the sweep file and drill)
/// goes to every worker rank before its first point, for its make_runs to
/// check that it runs the same sweep.
/// `caller_runs` automatic: rank 0's calling thread is its worker, with no
/// thread of its own, when this machine's ranks fill its CPUs (mpirun binds
/// each rank to a core by default: always then); otherwise a thread runs
/// rank 0's tickets and the calling thread only hands out and consumes.
std::unique_ptr<Executor> make_mpi_executor(MpiRanks& ranks, Runs& runs, std::string identity = {},
                                            CallerRuns caller_runs = CallerRuns::automatic);

/// Ranks > 0: serves rank 0's tickets until rank 0 releases the workers.
/// A run, learn() or prepare() that throws is reported to rank 0 (which
/// rethrows it from execute()), and the rank keeps serving.
void serve_mpi_worker(MpiRanks& ranks, Runs& runs);
/// As above, but builds its Runs when the first point arrives, so a rank
/// whose rank 0 fails before any run (a bad sweep file) does nothing and
/// reports nothing twice. `make_runs` gets rank 0's identity (empty if it
/// gave none) and throws if this rank's Runs would differ; an exception
/// from it is reported to rank 0 for every ticket.
void serve_mpi_worker(MpiRanks& ranks,
                      const std::function<std::unique_ptr<Runs>(std::string_view identity)>& make_runs);

}  // namespace drill::sweep
