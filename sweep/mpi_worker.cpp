// A worker rank of an MPI sweep (mpi_executor.hpp): learns points, runs
// tickets, answers each ticket with its outcome or its error, in the order
// the tickets came, until rank 0 says to leave.
//
// While it waits for a message the rank sleeps between probes (from 20 us,
// doubling, up to 2 ms) instead of blocking in MPI_Recv, which OpenMPI
// implements by spinning: a waiting rank would take a core from the runs of
// the ranks sharing its machine. When it is busy the next ticket is already
// queued (rank 0 gives each rank a few), so the probe finds it at once.
#define OMPI_SKIP_MPICXX 1
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <list>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include "sweep/mpi_executor.hpp"
#include "sweep/mpi_messages.hpp"

namespace drill::sweep {

namespace {

using namespace std::chrono_literals;
namespace msg = mpi_messages;

/// Sends rank 0 a message of `kind` with `payload`.
/// The answers a worker has sent and MPI may still be sending. An outcome
/// larger than the transport's eager limit (a few KiB on shared memory)
/// goes by rendezvous: a blocking send would hold the worker until rank 0
/// next looks for messages (up to its poll interval), once per run. Sent
/// without blocking, the worker goes on to its next ticket; MPI keeps the
/// answers in the order they were sent, which is the order rank 0 expects.
class Answers {
 public:
  Answers() = default;
  Answers(const Answers&) = delete;
  Answers& operator=(const Answers&) = delete;
  ~Answers() { finish(); }

  void send(char kind, std::string_view payload) {
    reap();
    Pending& p = pending_.emplace_back();
    p.bytes.assign(1 + payload.size(), kind);
    payload.copy(p.bytes.data() + 1, payload.size());
    MPI_Isend(p.bytes.data(), static_cast<int>(p.bytes.size()), MPI_CHAR, 0, msg::kToRoot, MPI_COMM_WORLD,
              &p.request);
  }
  /// Frees the answers MPI has finished with.
  void reap() {
    for (auto it = pending_.begin(); it != pending_.end();) {
      int complete = 0;
      MPI_Test(&it->request, &complete, MPI_STATUS_IGNORE);
      it = complete ? pending_.erase(it) : std::next(it);
    }
  }
  /// Waits until every answer has gone.
  void finish() {
    for (Pending& p : pending_) MPI_Wait(&p.request, MPI_STATUS_IGNORE);
    pending_.clear();
  }

 private:
  struct Pending {
    std::string bytes;
    MPI_Request request = MPI_REQUEST_NULL;
  };
  std::list<Pending> pending_;
};

std::string error_text(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    return x.what();
  } catch (...) {
    return "unknown error";
  }
}

/// The next message from rank 0.
std::string receive(Answers& answers) {
  auto nap = 20us;
  for (;;) {
    answers.reap();
    int arrived = 0;
    MPI_Status status;
    MPI_Iprobe(0, msg::kToWorker, MPI_COMM_WORLD, &arrived, &status);
    if (arrived) {
      int count = 0;
      MPI_Get_count(&status, MPI_CHAR, &count);
      std::string bytes(static_cast<std::size_t>(count), '\0');
      MPI_Recv(bytes.data(), count, MPI_CHAR, 0, msg::kToWorker, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      return bytes;
    }
    std::this_thread::sleep_for(nap);
    nap = std::min<std::chrono::microseconds>(nap * 2, 2ms);
  }
}

}  // namespace

void serve_mpi_worker(MpiRanks& ranks,
                      const std::function<std::unique_ptr<Runs>(std::string_view identity)>& make_runs) {
  if (ranks.root()) throw std::logic_error("serve_mpi_worker on rank 0");
  std::unique_ptr<Runs> runs;
  std::exception_ptr runs_error;  // make_runs failed: every ticket answers it
  std::map<PointId, std::string> broken;  // points whose learn() or prepare() failed
  std::string identity;                   // rank 0's
  Answers answers;                        // sent, perhaps still going
  for (;;) {
    const std::string m = receive(answers);
    if (m.empty()) continue;
    if (m[0] == msg::kQuit) {
      answers.finish();
      return;
    }
    if (m[0] == msg::kIdentity) {
      identity = m.substr(1);
      continue;
    }
    if (!runs && !runs_error) {
      try {
        runs = make_runs(identity);
        if (!runs) throw std::logic_error("no Runs to serve");
      } catch (...) {
        runs_error = std::current_exception();
      }
    }
    if (m[0] == msg::kPoint) {
      const PointId point = msg::point_of(m);
      broken.erase(point);
      if (runs_error) continue;
      try {
        runs->learn(point, msg::description_of(m));
        runs->prepare(point);
      } catch (...) {
        broken[point] = error_text(std::current_exception());
      }
      continue;
    }
    if (m[0] != msg::kTicket) {
      answers.send(msg::kError, "unknown message from rank 0");
      continue;
    }
    try {
      const RunTicket ticket = msg::ticket_of(m);
      if (runs_error) std::rethrow_exception(runs_error);
      if (auto it = broken.find(ticket.point); it != broken.end()) throw std::runtime_error(it->second);
      answers.send(msg::kOutcome, encode(runs->run(ticket)));
    } catch (...) {
      answers.send(msg::kError, error_text(std::current_exception()));
    }
  }
}

void serve_mpi_worker(MpiRanks& ranks, Runs& runs) {
  // A Runs that forwards to the caller's (owned elsewhere).
  class Borrowed final : public Runs {
   public:
    explicit Borrowed(Runs& r) : r_(r) {}
    void prepare(PointId p) override { r_.prepare(p); }
    RunOutcome run(const RunTicket& t) const override { return r_.run(t); }
    std::string describe(PointId p) const override { return r_.describe(p); }
    void learn(PointId p, std::string_view d) override { r_.learn(p, d); }

   private:
    Runs& r_;
  };
  serve_mpi_worker(ranks, [&runs](std::string_view) { return std::make_unique<Borrowed>(runs); });
}

}  // namespace drill::sweep
