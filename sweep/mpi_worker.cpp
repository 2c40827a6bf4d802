// A worker rank of an MPI sweep (mpi_executor.hpp): learns points, runs
// tickets, answers each ticket with its outcome or its error, in the order
// the tickets came, until rank 0 says to leave.
//
// Tickets come in batches and are run from a queue of the rank's own; the
// rank reads rank 0's next message only when that queue is empty (a refill
// rank 0 sent meanwhile is then already there). Answers go back in
// batches too: the rank sends what it has when its queue is empty, when
// the batch holds kAnswerSeconds of runs or kAnswerBytes, whichever comes
// first, so rank 0 learns of finished runs well within the few
// milliseconds of tickets it keeps a rank ahead.
//
// While it waits for a message the rank sleeps between probes (from 20 us,
// doubling, up to kLongestNap) instead of blocking in MPI_Recv, which
// OpenMPI implements by spinning: a waiting rank would take a core from the
// runs of the ranks sharing its machine. When it is busy the next tickets
// are already there (rank 0 gives each rank a few milliseconds of them), so
// the probe finds them at once.
#include "sweep/mpi_library.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <exception>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include "sweep/mpi_executor.hpp"
#include "sweep/mpi_messages.hpp"
#include "sweep/mpi_sends.hpp"

namespace drill::sweep {

namespace {

using namespace std::chrono_literals;
namespace msg = mpi_messages;

/// The longest sleep between probes. A rank mostly waits at a sweep's
/// start: it loads the grid's points while rank 0 checks them, and is ready
/// a few milliseconds before rank 0's first tickets come. With naps of up
/// to 2 ms its first run began 2.2-4.2 ms into a 20 ms sweep of
/// configs/small.yaml (two ranks, 1,000 runs); with 200 us, 0.6-1.7 ms. A
/// probe and a wake cost a few microseconds, about 2 % of a core while the
/// rank waits.
constexpr auto kLongestNap = 200us;

/// A batch of answers goes to rank 0 once it holds this much run time or
/// this many bytes (or the rank has nothing left to run).
constexpr double kAnswerSeconds = 0.0005;
constexpr std::size_t kAnswerBytes = 32 * 1024;

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
std::string receive(PendingSends& answers) {
  const MpiLibrary& m = mpi();
  auto nap = 20us;
  for (;;) {
    answers.reap();
    int arrived = 0;
    MPI_Status status;
    m.Iprobe(0, msg::kToWorker, m.comm_world, &arrived, &status);
    if (arrived) {
      int count = 0;
      m.Get_count(&status, m.char_type, &count);
      std::string bytes(static_cast<std::size_t>(count), '\0');
      m.Recv(bytes.data(), count, m.char_type, 0, msg::kToWorker, m.comm_world, MPI_STATUS_IGNORE);
      return bytes;
    }
    std::this_thread::sleep_for(nap);
    nap = std::min<std::chrono::microseconds>(nap * 2, kLongestNap);
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
  PendingSends answers;                   // sent, perhaps still going
  SeriesList sent_series;                 // of the last outcome sent: rank 0 keeps them too
  std::deque<RunTicket> queue;            // tickets given and not yet run, oldest first
  msg::AnswerBatch batch;                 // answers not yet sent
  double batch_seconds = 0;               // the run time of the outcomes in `batch`
  // Sends the batch without blocking (mpi_sends.hpp says why).
  const auto send_batch = [&] {
    answers.reap();
    if (!batch.empty()) answers.send(0, msg::kToRoot, batch.take());
    batch_seconds = 0;
  };
  const auto fail = [&](const std::exception_ptr& e) {
    batch.add(msg::kError, error_text(e));
  };
  for (;;) {
    if (!queue.empty()) {
      const RunTicket ticket = queue.front();
      queue.pop_front();
      try {
        if (runs_error) std::rethrow_exception(runs_error);
        if (auto it = broken.find(ticket.point); it != broken.end()) throw std::runtime_error(it->second);
        RunOutcome outcome = runs->run(ticket);
        batch.add_written(msg::kOutcome, [&](std::string& out) { encode_to(out, outcome, sent_series); });
        batch_seconds += outcome.wall_seconds;
        sent_series = std::move(outcome.series);
      } catch (...) {
        fail(std::current_exception());
      }
      if (queue.empty() || batch_seconds >= kAnswerSeconds || batch.size() >= kAnswerBytes) {
        send_batch();
      } else {
        answers.reap();  // a large batch still going moves on
      }
      continue;
    }
    const std::string m = receive(answers);
    if (m.empty()) continue;
    if (m[0] == msg::kQuit) {
      answers.finish();
      return;
    }
    if (m[0] == msg::kIdentity) {
      // A new executor on rank 0, which knows no series of this rank yet.
      identity = m.substr(1);
      sent_series = {};
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
    try {
      if (m[0] != msg::kTicket) throw std::runtime_error("unknown message from rank 0");
      msg::for_each_ticket(m, [&](const RunTicket& t) { queue.push_back(t); });
    } catch (...) {
      fail(std::current_exception());
      send_batch();
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
