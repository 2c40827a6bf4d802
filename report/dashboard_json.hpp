// The dashboard data document (dashboard-data.md): what report.html embeds
// and the live server answers at /api/dashboard, written from the static
// drill (plan, geography, network), a recorder's dynamic parts (activities,
// tracks, series, links' down periods), a snapshot's headline measures and
// the tasks' outcomes, and for a replication set the aggregate.
//
// The text is compact JSON (no indentation: the document of a large drill
// is megabytes), valid UTF-8 (names and reasons come from the validated
// drill file), deterministic: members in the contract's order, numbers as
// shortest round-trip decimals, non-finite numbers as null, so the same run
// gives the same bytes whatever the thread count. Costs: one pass over the
// recorder; the text is built in one string, or in pieces of about 1 MiB
// each allocated once (dashboard_json_pieces). The activity rows formatted
// while the run went (LiveDocumentParts) are copied in as they are, or in
// pieces are pieces of their own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics/snapshot.hpp"
#include "core/time.hpp"
#include "io/utc_time.hpp"
#include "models/scenario/spec.hpp"
#include "models/task_outcome.hpp"
#include "report/dashboard_recorder.hpp"
#include "report/headline_measures.hpp"

namespace drill::report {

/// The document's `run` member.
struct RunHeader {
  std::string drill;
  std::string tool_version;
  std::string config_sha256;
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;   // the replication shown in detail
  std::uint64_t replications = 1;  // planned in this result set
  std::uint64_t replications_done = 0;
  std::string status = "running";  // running | paused | completed | stopped | failed
  core::SimTime horizon;
  core::SimTime now;
  std::optional<io::CalendarStart> calendar_start{};
  std::uint64_t events = 0;
  std::optional<std::uint64_t> fingerprint{};  // empty until the run has ended
  std::optional<double> pace{};                // simulated seconds per wall second
  std::optional<core::Duration> sample_every{};
};

/// The parts of the document formatted while the run went
/// (live_timetable.hpp): the first `rows` activity rows (rows that had
/// ended, which never change again). dashboard_json takes them as they are
/// and formats the rest: the same bytes as without.
struct LiveDocumentParts {
  /// Rows [0, rows), comma-separated, in chunks of about 1 MiB cut between
  /// rows, each allocated once at that size (a text of megabytes grown by
  /// doubling touches about twice its size of fresh memory).
  std::vector<std::string> activities;
  std::size_t rows = 0;
  /// Appends row `rows` (the live formatter's call).
  void append(const ActivityRow& row, const core::metrics::NameTable& names);
  /// The rows' text as one string.
  std::string joined() const;
};

struct DashboardInputs {
  const models::scenario::DrillSpec& spec;
  RunHeader run;
  const DashboardRecorder& recorder;
  /// Headline measures and links' utilisation; null: none yet.
  const core::metrics::Snapshot* snapshot = nullptr;
  /// The tasks' outcomes (DrillModel::task_outcomes); null: all pending.
  const std::vector<models::TaskOutcome>* tasks = nullptr;
  /// A replication set's headline measures across replications.
  const HeadlineAcross* aggregate = nullptr;
  /// What was formatted while the run went from this recorder; null: none.
  const LiveDocumentParts* live = nullptr;
};

std::string dashboard_json(const DashboardInputs& in);

/// The same document in pieces: the live activity rows of `in` are a piece
/// of their own (a view into them: they must outlive this), the rest is in
/// `own`. For a writer that needs no whole string (report.html): the live
/// rows are not copied, and no string of the document's size is made.
struct DashboardPieces {
  std::deque<std::string> own;           // never moves its strings
  std::vector<std::string_view> pieces;  // views into `own` and the live parts
  std::string joined() const;
};
DashboardPieces dashboard_json_pieces(const DashboardInputs& in);

/// Takes each piece of a document as soon as it is final (nothing changes
/// its bytes afterwards), in order, on the thread that builds it.
class PieceSink {
 public:
  virtual void put(std::string_view piece) = 0;

 protected:
  ~PieceSink() = default;
};
/// The same into `into` (which must not move while a reader of `sink`
/// holds the pieces), each piece handed to `sink` too as it is made.
void dashboard_json_pieces(const DashboardInputs& in, DashboardPieces& into, PieceSink& sink);

/// One element of the document's `activities`, as dashboard_json writes
/// it (and the live parts).
void append_activity_json(std::string& out, const ActivityRow& row, const core::metrics::NameTable& names);

/// The document's `measures` member's value: the headline measures of `s`
/// (headline_measures, value_of) as `[{"name": ..., "value": ...,
/// "display": ...}, ...]`, `[]` for null. dashboard_json writes its member
/// with this, and the live server its measures of a running run (from the
/// latest sample), so both are the same bytes for the same snapshot.
std::string measures_json(const core::metrics::Snapshot* s);

/// The short unit symbol the document gives a measure's unit: "" (counts),
/// "ratio", "s", "t", "B", "m".
std::string_view unit_symbol(core::metrics::Unit unit) noexcept;

}  // namespace drill::report
