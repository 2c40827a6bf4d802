// Messages sent without blocking (MPI_Isend), each kept until MPI is done
// with its bytes. Both sides of an MPI sweep send this way: rank 0 so it
// never waits on a busy worker, a worker so an outcome larger than the
// transport's eager limit (a few KiB on shared memory, sent by rendezvous)
// does not hold it until rank 0 next looks for messages, once per run.
// MPI delivers the messages to one rank and tag in the order they were sent.
// Built only with MPI (mpi_executor.cpp, mpi_worker.cpp).
#pragma once

#include "sweep/mpi_library.hpp"

#include <iterator>
#include <list>
#include <string>

namespace drill::sweep {

class PendingSends {
 public:
  PendingSends() = default;
  PendingSends(const PendingSends&) = delete;
  PendingSends& operator=(const PendingSends&) = delete;
  ~PendingSends() { finish(); }

  void send(int rank, int tag, std::string bytes) {
    Pending& p = pending_.emplace_back();
    p.bytes = std::move(bytes);
    const MpiLibrary& m = mpi();
    m.Isend(p.bytes.data(), static_cast<int>(p.bytes.size()), m.char_type, rank, tag, m.comm_world, &p.request);
  }
  /// Frees the messages MPI has finished with.
  void reap() {
    for (auto it = pending_.begin(); it != pending_.end();) {
      int complete = 0;
      mpi().Test(&it->request, &complete, MPI_STATUS_IGNORE);
      it = complete ? pending_.erase(it) : std::next(it);
    }
  }
  /// Waits until every message has gone.
  void finish() {
    for (Pending& p : pending_) mpi().Wait(&p.request, MPI_STATUS_IGNORE);
    pending_.clear();
  }

 private:
  struct Pending {
    std::string bytes;
    MPI_Request request{};  // MPI_Isend sets it
  };
  std::list<Pending> pending_;
};

}  // namespace drill::sweep
