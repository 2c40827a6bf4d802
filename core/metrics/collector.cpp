#include "core/metrics/collector.hpp"

#include <algorithm>
#include <stdexcept>

namespace drill::core::metrics {

namespace {

/// What the last collector on this thread to make a catalog had: its
/// kinds, its measures and that catalog. A model describes the same
/// hundred measures, and its runs make the same series, run after run: a
/// new collector of the same kinds takes these as what it expects, so that
/// a repeated describe costs a comparison, not a check, a hundred exported
/// names and a copy, and a repeated catalog is shared rather than built.
/// Only what compares equal is taken over: the results are the same
/// whether a collector finds them here or makes its own.
struct Recent {
  KindTable kinds;
  std::shared_ptr<const std::vector<Descriptor>> descriptors;
  std::shared_ptr<const Catalog> catalog;
};

Recent& recent() noexcept {
  thread_local Recent r;
  return r;
}

const std::shared_ptr<const std::vector<Descriptor>>& no_descriptors() {
  static const auto none = std::make_shared<const std::vector<Descriptor>>();
  return none;
}

}  // namespace

Collector::Collector(KindTable kinds, SimTime start)
    : names_(std::move(kinds)), descriptors_(no_descriptors()), since_(start) {
  const Recent& r = recent();
  if (r.descriptors && r.kinds == names_.kinds()) {
    descriptors_ = r.descriptors;
    // The last run's series are what this one most likely makes: room for
    // them at once, rather than by doubling (a run of configs/small.yaml
    // made about seventy allocations growing these).
    if (r.catalog) {
      const std::size_t n = r.catalog->series.size();
      series_.reserve(n);
      earlier_of_measure_.reserve(n);
      tracked_.reserve(n);
      log_.list_.reserve(n);
      changes_.changed_.reserve(n);
      output_order_.reserve(n);
      position_.reserve(n);
      latest_of_measure_.reserve(r.descriptors->size());
    }
  }
}

MeasureId Collector::take_over_next() noexcept {
  // The next measure of the list taken over, described again: checked
  // when that list was made.
  catalog_.reset();
  return MeasureId{described_++};
}

MeasureId Collector::describe(std::string_view name, Unit unit, std::string_view help,
                              std::initializer_list<EntityKind> labels, InstrumentKind kind, Headline headline) {
  if (const Descriptor* d = next_taken_over(); d && d->name == name && d->unit == unit && d->help == help &&
                                               std::ranges::equal(d->labels, labels) && d->kind == kind &&
                                               d->headline == headline)
    return take_over_next();
  return describe(Descriptor{std::string(name), unit, std::string(help), labels, kind, headline});
}

MeasureId Collector::describe(Descriptor descriptor) {
  if (const Descriptor* d = next_taken_over(); d && *d == descriptor) return take_over_next();
  validate(descriptor, names_.kinds());
  own_descriptors();
  for (const Descriptor& d : *own_)
    if (d.name == descriptor.name) throw std::invalid_argument("measure '" + d.name + "' is described twice");
  // Each measure's exported names are made once and looked up by every
  // later measure (a model describes about a hundred); those of measures
  // taken over are made at the first measure checked here.
  for (; exported_count_ < own_->size(); ++exported_count_)
    for (std::string& name : exported_names((*own_)[exported_count_]))
      exported_.emplace(std::move(name), exported_count_);
  std::vector<std::string> mine = exported_names(descriptor);
  for (const std::string& name : mine)
    if (const auto taken = exported_.find(name); taken != exported_.end())
      throw std::invalid_argument("measures '" + (*own_)[taken->second].name + "' and '" + descriptor.name +
                                  "' both export '" + name + "'");
  const auto index = static_cast<std::uint32_t>(own_->size());
  for (std::string& name : mine) exported_.emplace(std::move(name), index);
  own_->push_back(std::move(descriptor));
  described_ = exported_count_ = index + 1;
  catalog_.reset();
  return MeasureId{index};
}

void Collector::own_descriptors() {
  if (own_) return;
  own_ = std::make_shared<std::vector<Descriptor>>(descriptors_->begin(), descriptors_->begin() + described_);
  descriptors_ = own_;
}

const Descriptor& Collector::descriptor(MeasureId id) const {
  if (id.index >= described_)
    throw std::out_of_range("no measure number " + std::to_string(id.index) + " (the collector has " +
                            std::to_string(described_) + ")");
  return (*descriptors_)[id.index];
}

namespace {

/// Capacity for at least `n`, by doubling.
template <class T>
void grow_to(std::vector<T>& v, std::size_t n) {
  if (v.capacity() < n) v.reserve(std::max(n, 2 * v.capacity()));
}

}  // namespace

std::uint32_t Collector::add_series(MeasureId id, InstrumentKind kind, std::initializer_list<EntityRef> labels) {
  const Descriptor& d = descriptor(id);
  if (d.kind != kind)
    throw std::invalid_argument("measure '" + d.name + "' is a " + std::string(to_string(d.kind)) + ", not a " +
                                std::string(to_string(kind)));
  if (labels.size() != d.labels.size())
    throw std::invalid_argument("measure '" + d.name + "' takes " + std::to_string(d.labels.size()) +
                                " label(s), given " + std::to_string(labels.size()));
  const auto kind_name = [this](EntityKind k) {
    return names_.kinds().contains(k) ? names_.kinds().name(k) : "kind number " + std::to_string(k.value);
  };
  Series s{.measure = id};
  std::size_t i = 0;
  for (const EntityRef& e : labels) {
    if (e.kind != d.labels[i])
      throw std::invalid_argument("measure '" + d.name + "': label " + std::to_string(i + 1) + " must be a " +
                                  kind_name(d.labels[i]) + ", given a " + kind_name(e.kind));
    names_.name(e);  // throws if the entity is not in the table
    s.labels[i++] = e;
  }
  s.label_count = static_cast<std::uint8_t>(labels.size());
  // A measure's series are checked among themselves only (a drill of 2,000
  // aircraft has thousands of series, a measure at most a few hundred).
  if (latest_of_measure_.size() <= id.index) {
    grow_to(latest_of_measure_, id.index + 1);
    latest_of_measure_.resize(id.index + 1, 0);
  }
  for (std::uint32_t other = latest_of_measure_[id.index]; other != 0; other = earlier_of_measure_[other - 1]) {
    const Series& o = series_[other - 1];
    if (std::equal(o.labels.begin(), o.labels.begin() + o.label_count, s.labels.begin(),
                   s.labels.begin() + s.label_count))
      throw std::invalid_argument("measure '" + d.name + "' already has an instrument with these labels");
  }
  grow_to(series_, series_.size() + 1);
  grow_to(earlier_of_measure_, series_.size() + 1);
  earlier_of_measure_.push_back(latest_of_measure_[id.index]);
  series_.push_back(s);
  latest_of_measure_[id.index] = static_cast<std::uint32_t>(series_.size());
  // Room for every series in the change log and the view, so that noting
  // and reading changes never allocate (grown by doubling: reserving one
  // more each time copied them all at every series, quadratic in their
  // number).
  grow_to(log_.list_, series_.size());
  grow_to(changes_.changed_, series_.size());
  grow_to(tracked_, series_.size());
  catalog_.reset();
  return static_cast<std::uint32_t>(series_.size() - 1);
}

template <class Instrument>
Instrument& Collector::track(Instrument& instrument, std::uint32_t index) {
  instrument.log_ = &log_;
  instrument.series_ = index;
  tracked_.push_back(&instrument);  // tracked_[index]: series are added one at a time
  mark_changed(instrument);
  return instrument;
}

void Collector::mark_changed(Tracked& t) noexcept {
  if (t.dirty_) return;
  t.dirty_ = true;
  t.log_->note(t.series_);
}

Counter& Collector::counter(MeasureId id, std::initializer_list<EntityRef> labels) {
  const auto i = add_series(id, InstrumentKind::counter, labels);
  series_[i].slot = static_cast<std::uint32_t>(counters_.size());
  return track(counters_.emplace_back(), i);
}

Gauge& Collector::gauge(MeasureId id, std::initializer_list<EntityRef> labels) {
  const auto i = add_series(id, InstrumentKind::gauge, labels);
  series_[i].slot = static_cast<std::uint32_t>(gauges_.size());
  return track(gauges_.emplace_back(), i);
}

TimeWeightedGauge& Collector::time_weighted(MeasureId id, std::initializer_list<EntityRef> labels, double initial) {
  const auto i = add_series(id, InstrumentKind::time_weighted, labels);
  series_[i].slot = static_cast<std::uint32_t>(time_weighted_.size());
  return track(time_weighted_.emplace_back(since_, initial), i);
}

TallyInstrument& Collector::tally(MeasureId id, std::initializer_list<EntityRef> labels) {
  const auto i = add_series(id, InstrumentKind::tally, labels);
  series_[i].slot = static_cast<std::uint32_t>(tallies_.size());
  return track(tallies_.emplace_back(), i);
}

QuantileInstrument& Collector::quantile(MeasureId id, std::initializer_list<EntityRef> labels) {
  const auto i = add_series(id, InstrumentKind::quantile, labels);
  series_[i].slot = static_cast<std::uint32_t>(quantiles_.size());
  quantile_cache_.emplace_back();
  return track(quantiles_.emplace_back(), i);
}

void Collector::reset(SimTime now) noexcept {
  for (Counter& c : counters_) c.reset();
  for (TimeWeightedGauge& t : time_weighted_) t.reset(now);
  for (TallyInstrument& t : tallies_) t.reset();
  for (QuantileInstrument& q : quantiles_) q.reset();
  for (Tracked* t : tracked_) mark_changed(*t);
  since_ = now;
  ++epoch_;
}

const std::shared_ptr<const Catalog>& Collector::catalog() {
  if (catalog_) return catalog_;
  // By measure, then creation: filled from the back, the last measure's
  // chain (newest first) first, no sort.
  output_order_.resize(series_.size());
  std::size_t at = output_order_.size();
  for (auto latest = latest_of_measure_.rbegin(); latest != latest_of_measure_.rend(); ++latest)
    for (std::uint32_t i = *latest; i != 0; i = earlier_of_measure_[i - 1]) output_order_[--at] = i - 1;
  position_.resize(series_.size());
  for (std::uint32_t out = 0; out < output_order_.size(); ++out) position_[output_order_[out]] = out;
  // A list taken over of which this collector described fewer measures
  // becomes its own: the catalog and the next collector see these only.
  if (described_ < descriptors_->size()) own_descriptors();
  Recent& r = recent();
  if (r.catalog && r.descriptors == descriptors_ && lists_my_series(*r.catalog)) {
    catalog_ = r.catalog;
  } else {
    auto c = std::make_shared<Catalog>();
    c->kinds = names_.kinds();
    c->descriptors = *descriptors_;
    c->series.reserve(series_.size());
    for (std::uint32_t i : output_order_) {
      const Series& s = series_[i];
      SeriesInfo info{.measure = s.measure, .labels = {}};
      for (std::size_t l = 0; l < s.label_count; ++l) {
        const EntityRef e = s.labels[l];
        info.labels.push_back(Label{.kind = e.kind, .name = names_.kinds().name(e.kind), .value = names_.name(e)});
      }
      c->series.push_back(std::move(info));
    }
    catalog_ = std::move(c);
  }
  // What the next collector on this thread expects; the list is shared
  // from here on (a later describe copies it).
  r = Recent{.kinds = names_.kinds(), .descriptors = descriptors_, .catalog = catalog_};
  own_.reset();
  return catalog_;
}

bool Collector::lists_my_series(const Catalog& c) const {
  if (c.series.size() != series_.size() || !(c.kinds == names_.kinds())) return false;
  for (std::size_t out = 0; out < output_order_.size(); ++out) {
    const Series& s = series_[output_order_[out]];
    const SeriesInfo& info = c.series[out];
    if (info.measure != s.measure || info.labels.size() != s.label_count) return false;
    for (std::size_t l = 0; l < s.label_count; ++l)
      if (info.labels[l].kind != s.labels[l].kind || info.labels[l].value != names_.name(s.labels[l])) return false;
  }
  return true;
}

namespace {
void fill_tally(const Tally& t, Values& v) {
  v.count = t.count();
  v.mean = t.mean();
  v.value = v.mean;
  v.sum = t.mean() * static_cast<double>(t.count());
  v.stddev = t.stddev();
  v.min = t.min();
  v.max = t.max();
}
}  // namespace

Values Collector::values_of(const Series& s, SimTime now) {
  Values v;
  switch ((*descriptors_)[s.measure.index].kind) {
    case InstrumentKind::counter: v.value = counters_[s.slot].value(); break;
    case InstrumentKind::gauge: v.value = gauges_[s.slot].value(); break;
    case InstrumentKind::time_weighted: {
      const TimeWeightedGauge& t = time_weighted_[s.slot];
      v.value = t.current();
      v.mean = t.mean(now);
      v.max = t.max();
      v.integral = t.integral(now);
      break;
    }
    case InstrumentKind::tally: fill_tally(tallies_[s.slot].stats(), v); break;
    case InstrumentKind::quantile: {
      const QuantileInstrument& q = quantiles_[s.slot];
      fill_tally(q.stats(), v);
      QuantileCache& cache = quantile_cache_[s.slot];
      if (cache.count != q.stats().count() || cache.epoch != epoch_) {
        q.quantiles(kReportedQuantiles, cache.values);
        cache.count = q.stats().count();
        cache.epoch = epoch_;
      }
      v.quantiles = cache.values;
      break;
    }
  }
  return v;
}

Snapshot Collector::snapshot(SimTime now) {
  auto cat = catalog();
  auto values = std::make_shared<std::vector<Values>>(series_.size());
  for (std::size_t out = 0; out < output_order_.size(); ++out) (*values)[out] = values_of(series_[output_order_[out]], now);
  return Snapshot(now, since_, std::move(cat), std::move(values));
}

const Changes& Collector::changes(SimTime now, Read what) {
  const std::shared_ptr<const Catalog>& cat = catalog();
  if (what == Read::everything)
    for (Tracked* t : tracked_) mark_changed(*t);
  // The log holds creation indices in the order of first change: turn them
  // into catalog positions, in catalog order.
  std::span<std::uint32_t> noted = log_.noted();
  for (std::uint32_t& i : noted) i = position_[i];
  std::sort(noted.begin(), noted.end());
  changes_.changed_.clear();
  for (std::uint32_t pos : noted) {
    const std::uint32_t index = output_order_[pos];
    tracked_[index]->dirty_ = false;
    changes_.changed_.push_back(Change{pos, values_of(series_[index], now)});  // within the reserved capacity
  }
  changes_.everything_ = noted.size() == series_.size();
  log_.list_.clear();
  changes_.time_ = now;
  changes_.since_ = since_;
  if (changes_.catalog_ != cat) changes_.catalog_ = cat;
  return changes_;
}

}  // namespace drill::core::metrics
