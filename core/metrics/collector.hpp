// The collector: one per simulation. It owns the name table, the descriptors
// of every measure and every instrument, resets statistics after a warm-up,
// and takes snapshots. It sits in core/ (namespace drill::core::metrics, the
// library drill_core_metrics) because it is a generic simulation building
// block like the kernel's resources and statistics, needs nothing but the
// standard library, and must be below models/, which registers and updates
// instruments; outputs (io/) read its snapshots and descriptors. It knows no
// kinds of entity of its own: the model gives it its `KindTable` (the
// drill's: models/entity_kinds.hpp), and labels carry those names.
//
// Repeated runs: a model describes the same measures, and makes the same
// series, run after run. A collector takes the measures and the catalog of
// the last collector on its thread (the previous run's) as far as they are
// equal: describing a measure that the last one described at the same
// place is a comparison (it was checked then), and a catalog that lists
// the same series is shared rather than built. Whatever differs is checked
// and built as for a first run, so the outputs never depend on it.
//
// Life cycle: while the model is built, `describe` each measure once and make
// its instruments (`counter`, `gauge`, ...), one per label combination; keep
// the references. While the run goes on, update instruments through them;
// between run slices, read `changes` or take a `snapshot`, and (once, at the
// warm-up time) `reset`. Making instruments allocates; updating them never
// does. Not thread-safe: it belongs to the simulation's thread; snapshots
// may go to any thread.
//
// Two reads, one for each cost:
//  - `snapshot(now)`: every series, in immutable shared storage; allocates
//    and costs O(series). For the end-of-run outputs and for a dashboard
//    that connects mid-run.
//  - `changes(now)`: only the series updated since the previous `changes`
//    read (every series on the first read and after a reset); allocates
//    nothing and costs O(changed series) (a sort of their indices). The
//    seam for frequent sampling (timeseries.csv), for a live dashboard
//    (deltas over a WebSocket after one snapshot) and for a sweep runner
//    watching its runs. Instruments note their first change after a read
//    in a log reserved when they were made (see instruments.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/metrics/changes.hpp"
#include "core/metrics/descriptor.hpp"
#include "core/metrics/entity.hpp"
#include "core/metrics/instruments.hpp"
#include "core/metrics/snapshot.hpp"
#include "core/time.hpp"

namespace drill::core::metrics {

class Collector {
 public:
  /// Entities are of the kinds in `kinds` (the model's, which names them);
  /// statistics start at `start` (the run's start).
  explicit Collector(KindTable kinds, SimTime start = SimTime::zero());
  Collector(const Collector&) = delete;  // instruments are referred to by address
  Collector& operator=(const Collector&) = delete;

  NameTable& names() noexcept { return names_; }
  const NameTable& names() const noexcept { return names_; }

  /// Registers a measure. Throws std::invalid_argument if the descriptor is
  /// invalid, its name is taken, or one of its exported names (see
  /// exported_names) is another measure's.
  MeasureId describe(Descriptor descriptor);
  /// The same for a descriptor given by its parts: where it is the next
  /// measure of the list taken over (a repeated run's), a comparison that
  /// makes no Descriptor (a model describes about sixty measures a run, a
  /// tenth of a small drill's run when each made its strings).
  MeasureId describe(std::string_view name, Unit unit, std::string_view help, std::initializer_list<EntityKind> labels,
                     InstrumentKind kind, Headline headline = Headline::no);
  /// Throws std::out_of_range for an id this collector has not described.
  const Descriptor& descriptor(MeasureId id) const;
  std::span<const Descriptor> descriptors() const noexcept { return {descriptors_->data(), described_}; }

  /// The instrument of measure `id` with these label values (entities of the
  /// descriptor's label kinds, in its order). Throws std::invalid_argument if
  /// the kind or the labels do not match the descriptor or the series exists.
  Counter& counter(MeasureId id, std::initializer_list<EntityRef> labels = {});
  Gauge& gauge(MeasureId id, std::initializer_list<EntityRef> labels = {});
  /// Starts at the collector's current statistics start with `initial`.
  TimeWeightedGauge& time_weighted(MeasureId id, std::initializer_list<EntityRef> labels = {},
                                   double initial = 0.0);
  TallyInstrument& tally(MeasureId id, std::initializer_list<EntityRef> labels = {});
  QuantileInstrument& quantile(MeasureId id, std::initializer_list<EntityRef> labels = {});

  /// Warm-up: counters, tallies and quantiles start again from nothing,
  /// time-weighted statistics from their current level at `now`; gauges keep
  /// their value. Snapshots then cover [now, their time], and the next
  /// `changes` read lists every series.
  void reset(SimTime now) noexcept;
  SimTime since() const noexcept { return since_; }

  /// Every instrument's state at `now` (not before the last reset or update).
  /// Allocates the values; quantiles are recomputed only for instruments
  /// that changed since the previous snapshot.
  Snapshot snapshot(SimTime now);

  enum class Read { changed, everything };
  /// The series changed since the previous `changes` read (with
  /// Read::everything: every series), with their values at `now`, and
  /// starts the next interval: the view stays valid until the next call.
  /// A new instrument counts as changed. Snapshots do not affect it.
  /// Allocates nothing once the instruments are made and read once.
  const Changes& changes(SimTime now, Read what = Read::changed);

  std::size_t series_count() const noexcept { return series_.size(); }

 private:
  struct Series {
    MeasureId measure;
    std::array<EntityRef, kMaxLabels> labels{};
    std::uint8_t label_count = 0;
    std::uint32_t slot = 0;  // index into the deque of its kind
  };
  struct QuantileCache {
    std::uint64_t count = ~std::uint64_t{0};
    std::uint64_t epoch = 0;
    std::array<double, kReportedQuantiles.size()> values{};
  };

  std::uint32_t add_series(MeasureId id, InstrumentKind kind, std::initializer_list<EntityRef> labels);
  /// Links a new instrument of series `index` to the change log, changed.
  template <class Instrument>
  Instrument& track(Instrument& instrument, std::uint32_t index);
  static void mark_changed(Tracked& t) noexcept;
  const std::shared_ptr<const Catalog>& catalog();
  /// Whether `c` lists exactly this collector's series, in output order.
  bool lists_my_series(const Catalog& c) const;
  /// Makes descriptors_ this collector's own list of its described_ measures.
  void own_descriptors();
  /// The list taken over's next measure, if this collector has not begun a
  /// list of its own.
  const Descriptor* next_taken_over() const noexcept {
    return !own_ && described_ < descriptors_->size() ? &(*descriptors_)[described_] : nullptr;
  }
  /// Describes next_taken_over() again.
  MeasureId take_over_next() noexcept;
  Values values_of(const Series& s, SimTime now);

  NameTable names_;
  // The measures: descriptors_[0, described_). Until the collector checks
  // a measure itself, descriptors_ is the list of the previous collector
  // on this thread (see collector.cpp), shared and never changed; own_ is
  // non-null while the list is this collector's alone to append to.
  std::shared_ptr<const std::vector<Descriptor>> descriptors_;
  std::shared_ptr<std::vector<Descriptor>> own_;
  std::uint32_t described_ = 0;
  // Every exported name of descriptors_[0, exported_count_) -> its index:
  // made when the collector first checks a measure itself.
  std::unordered_map<std::string, std::uint32_t> exported_;
  std::uint32_t exported_count_ = 0;
  std::vector<Series> series_;               // in creation order
  // Each measure's series, newest first, as a chain through series_
  // indices + 1 (0 ends it): latest_of_measure_ by measure, then
  // earlier_of_measure_ by series. Flat, so that a run of a repeated drill
  // makes them with the capacity the last run's catalog gives, rather than
  // a list per measure (two or three allocations each).
  std::vector<std::uint32_t> latest_of_measure_;
  std::vector<std::uint32_t> earlier_of_measure_;
  std::vector<std::uint32_t> output_order_;  // series_ indices sorted by measure, then creation
  std::vector<std::uint32_t> position_;      // inverse of output_order_
  std::vector<Tracked*> tracked_;            // by series_ index
  ChangeLog log_;                            // capacity: series_.size()
  Changes changes_;                          // the view `changes` returns
  std::deque<Counter> counters_;
  std::deque<Gauge> gauges_;
  std::deque<TimeWeightedGauge> time_weighted_;
  std::deque<TallyInstrument> tallies_;
  std::deque<QuantileInstrument> quantiles_;
  std::vector<QuantileCache> quantile_cache_;  // one per quantile instrument
  std::shared_ptr<const Catalog> catalog_;  // null when series were added since
  SimTime since_;
  std::uint64_t epoch_ = 0;  // counts resets
};

}  // namespace drill::core::metrics
