#include <gtest/gtest.h>

#include <memory>
#include <string_view>
#include <stdexcept>
#include <vector>

#include "core/metrics/collector.hpp"
#include "tests/core/metrics/test_kinds.hpp"

namespace drill::core::metrics {
namespace {

using test_kinds::MachineId;
using test_kinds::SiteId;
namespace k = test_kinds;

Descriptor make(std::string name, InstrumentKind kind, std::vector<EntityKind> labels = {}, Unit unit = Unit::none) {
  return Descriptor{.name = std::move(name), .unit = unit, .help = "Test measure.", .labels = std::move(labels), .kind = kind};
}

TEST(Descriptor, ExportedNamesCarryPrefixUnitAndCounterSuffix) {
  EXPECT_EQ(metric_name(make("fuel_delivered", InstrumentKind::counter, {}, Unit::tonnes)),
            "drill_fuel_delivered_tonnes_total");
  EXPECT_EQ(metric_name(make("sorties_flown", InstrumentKind::counter)), "drill_sorties_flown_total");
  const Descriptor level = make("fuel_on_board", InstrumentKind::time_weighted, {}, Unit::tonnes);
  EXPECT_EQ(metric_name(level), "drill_fuel_on_board_tonnes");
  EXPECT_EQ(metric_name(level, "mean"), "drill_fuel_on_board_mean_tonnes");
  EXPECT_EQ(integral_metric_name(level), "drill_fuel_on_board_integral_tonnes_seconds");
  EXPECT_EQ(integral_metric_name(make("queue_length", InstrumentKind::time_weighted)),
            "drill_queue_length_integral_seconds");
}

TEST(Descriptor, InvalidOnesAreRejectedWithTheReason) {
  const KindTable kinds = k::table();
  EXPECT_THROW(validate(make("FuelDelivered", InstrumentKind::counter), kinds), std::invalid_argument);
  EXPECT_THROW(validate(make("fuel delivered", InstrumentKind::counter), kinds), std::invalid_argument);
  EXPECT_THROW(validate(make("sorties_total", InstrumentKind::counter), kinds), std::invalid_argument);
  EXPECT_THROW(validate(make("a", InstrumentKind::counter, {k::machine, k::machine}), kinds),
               std::invalid_argument);
  Descriptor no_help = make("waits", InstrumentKind::tally);
  no_help.help.clear();
  EXPECT_THROW(validate(no_help, kinds), std::invalid_argument);
  EXPECT_NO_THROW(validate(make("waits", InstrumentKind::tally, {k::site, k::part}), kinds));
  Descriptor per_day = make("level", InstrumentKind::gauge);
  per_day.headline = Headline::per_day;  // only a counter has a rate per day
  EXPECT_THROW(validate(per_day, kinds), std::invalid_argument);
  per_day.kind = InstrumentKind::counter;
  EXPECT_NO_THROW(validate(per_day, kinds));
}

TEST(Collector, AMeasureIsDescribedOnce) {
  Collector c(k::table());
  c.describe(make("sorties_flown", InstrumentKind::counter));
  EXPECT_THROW(c.describe(make("sorties_flown", InstrumentKind::gauge)), std::invalid_argument);
}

TEST(Collector, TwoMeasuresMayNotExportTheSameSeriesName) {
  Collector c(k::table());
  c.describe(make("wait", InstrumentKind::tally, {}, Unit::seconds));
  // drill_wait_max_seconds is already the tally's maximum.
  EXPECT_THROW(c.describe(make("wait_max", InstrumentKind::gauge, {}, Unit::seconds)), std::invalid_argument);
  EXPECT_NO_THROW(c.describe(make("wait_max", InstrumentKind::gauge, {}, Unit::tonnes)));
}

TEST(Collector, AClashNamesBothMeasuresAndTheNameTheyShareAndDescribesNothing) {
  Collector c(k::table());
  c.describe(make("queue", InstrumentKind::time_weighted));
  c.describe(make("wait", InstrumentKind::tally, {}, Unit::seconds));
  try {
    // drill_wait_mean_seconds is the tally's mean; the clash is found
    // among names made when `wait` was described, not made again.
    c.describe(make("wait_mean", InstrumentKind::gauge, {}, Unit::seconds));
    FAIL() << "a clash must throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "measures 'wait' and 'wait_mean' both export 'drill_wait_mean_seconds'");
  }
  EXPECT_EQ(c.descriptors().size(), 2u);
  // The refused measure left no names behind: one not clashing goes in.
  EXPECT_EQ(c.describe(make("wait_mean", InstrumentKind::gauge, {}, Unit::tonnes)).index, 2u);
}

TEST(Collector, InstrumentsMustMatchTheirDescriptor) {
  Collector c(k::table());
  const MachineId lathe = c.names().add<k::machine>("lathe");
  const SiteId north = c.names().add<k::site>("north");
  const MeasureId m = c.describe(make("fuel_used", InstrumentKind::counter, {k::machine}, Unit::tonnes));
  EXPECT_THROW(c.gauge(m, {lathe}), std::invalid_argument);       // wrong kind
  EXPECT_THROW(c.counter(m, {}), std::invalid_argument);          // too few labels
  EXPECT_THROW(c.counter(m, {north}), std::invalid_argument);     // wrong label kind
  EXPECT_THROW(c.counter(m, {MachineId(7)}), std::out_of_range);  // not in the name table
  c.counter(m, {lathe});
  EXPECT_THROW(c.counter(m, {lathe}), std::invalid_argument);     // the series exists
}

TEST(Collector, SnapshotReportsEveryKindOrderedByMeasure) {
  Collector c(k::table());
  const MachineId a = c.names().add<k::machine>("a");
  const MachineId b = c.names().add<k::machine>("b");
  const MeasureId fuel = c.describe(make("fuel_used", InstrumentKind::counter, {k::machine}, Unit::tonnes));
  const MeasureId stock = c.describe(make("stock", InstrumentKind::gauge, {}, Unit::tonnes));
  const MeasureId busy = c.describe(make("busy", InstrumentKind::time_weighted));
  const MeasureId wait = c.describe(make("wait", InstrumentKind::tally, {}, Unit::seconds));
  const MeasureId lat = c.describe(make("latency", InstrumentKind::quantile, {}, Unit::seconds));

  Counter& fuel_b = c.counter(fuel, {b});
  Gauge& g = c.gauge(stock);
  Counter& fuel_a = c.counter(fuel, {a});  // created later, still listed with its measure
  TimeWeightedGauge& tw = c.time_weighted(busy);
  TallyInstrument& t = c.tally(wait);
  QuantileInstrument& q = c.quantile(lat);

  fuel_a.add(2.5);
  fuel_b.add(1.0);
  fuel_b.add(0.5);
  g.set(400.0);
  tw.set(at(hours(1)), 2.0);
  tw.set(at(hours(3)), 1.0);
  for (double x : {1.0, 2.0, 3.0, 4.0}) t.add(x);
  for (int i = 1; i <= 100; ++i) q.add(i);

  const Snapshot s = c.snapshot(at(hours(4)));
  ASSERT_EQ(s.size(), 6u);
  EXPECT_EQ(s.time(), at(hours(4)));
  EXPECT_EQ(s.series(0).measure, fuel);
  EXPECT_EQ(s.series(0).labels.at(0).value, "b");
  EXPECT_EQ(s.values(0).value, 1.5);
  EXPECT_EQ(s.series(1).measure, fuel);
  EXPECT_EQ(s.series(1).labels.at(0).value, "a");
  EXPECT_EQ(s.values(1).value, 2.5);
  EXPECT_EQ(s.descriptor(2).name, "stock");
  EXPECT_EQ(s.values(2).value, 400.0);
  // busy: 0 for 1 h, 2 for 2 h, 1 for 1 h -> integral 5 h, mean 1.25, max 2.
  EXPECT_DOUBLE_EQ(s.values(3).integral, 5.0 * 3600.0);
  EXPECT_DOUBLE_EQ(s.values(3).mean, 1.25);
  EXPECT_EQ(s.values(3).max, 2.0);
  EXPECT_EQ(s.values(3).value, 1.0);
  EXPECT_EQ(s.values(4).count, 4u);
  EXPECT_DOUBLE_EQ(s.values(4).mean, 2.5);
  EXPECT_DOUBLE_EQ(s.values(4).sum, 10.0);
  EXPECT_NEAR(s.values(4).stddev, 1.2909944487358056, 1e-12);
  EXPECT_EQ(s.values(4).min, 1.0);
  EXPECT_EQ(s.values(4).max, 4.0);
  EXPECT_EQ(s.values(5).quantiles[0], 50.0);  // p50
  EXPECT_EQ(s.values(5).quantiles[1], 90.0);  // p90
  EXPECT_EQ(s.values(5).quantiles[2], 95.0);  // p95
  EXPECT_EQ(s.values(5).quantiles[3], 99.0);  // p99
}

TEST(Collector, SnapshotsDoNotChangeWhenTheRunGoesOn) {
  Collector c(k::table());
  const MeasureId m = c.describe(make("sorties", InstrumentKind::counter));
  const MeasureId l = c.describe(make("latency", InstrumentKind::quantile, {}, Unit::seconds));
  Counter& sorties = c.counter(m);
  QuantileInstrument& q = c.quantile(l);
  sorties.add(3);
  q.add(10.0);
  const Snapshot first = c.snapshot(at(hours(1)));
  const Snapshot copy = first;
  sorties.add(4);
  q.add(30.0);
  q.add(40.0);
  const Snapshot second = c.snapshot(at(hours(2)));
  EXPECT_EQ(first.values(0).value, 3.0);
  EXPECT_EQ(copy.values(0).value, 3.0);
  EXPECT_EQ(first.values(1).quantiles[0], 10.0);
  EXPECT_EQ(second.values(0).value, 7.0);
  EXPECT_EQ(second.values(1).quantiles[0], 30.0);  // recomputed after the change
  EXPECT_TRUE(first.same_series(second));
}

TEST(Collector, WarmUpResetRestartsStatisticsButKeepsLevels) {
  Collector c(k::table());
  const MeasureId m = c.describe(make("sorties", InstrumentKind::counter));
  const MeasureId g = c.describe(make("aircraft_ready", InstrumentKind::gauge));
  const MeasureId b = c.describe(make("busy", InstrumentKind::time_weighted));
  const MeasureId w = c.describe(make("wait", InstrumentKind::tally, {}, Unit::seconds));
  const MeasureId l = c.describe(make("latency", InstrumentKind::quantile, {}, Unit::seconds));
  Counter& sorties = c.counter(m);
  Gauge& ready = c.gauge(g);
  TimeWeightedGauge& busy = c.time_weighted(b);
  TallyInstrument& wait = c.tally(w);
  QuantileInstrument& lat = c.quantile(l);
  sorties.add(5);
  ready.set(4);
  busy.set(at(hours(0)), 10.0);
  busy.set(at(hours(10)), 2.0);
  wait.add(100.0);
  lat.add(100.0);
  const Snapshot before = c.snapshot(at(hours(12)));
  EXPECT_EQ(before.values(4).quantiles[0], 100.0);

  c.reset(at(hours(12)));
  EXPECT_EQ(c.since(), at(hours(12)));
  sorties.add(1);
  wait.add(7.0);
  lat.add(7.0);
  busy.set(at(hours(14)), 4.0);
  const Snapshot s = c.snapshot(at(hours(16)));
  EXPECT_EQ(s.since(), at(hours(12)));
  EXPECT_EQ(s.values(0).value, 1.0);
  EXPECT_EQ(s.values(1).value, 4.0);
  EXPECT_DOUBLE_EQ(s.values(2).mean, 3.0);  // 2 for 2 h, then 4 for 2 h
  EXPECT_EQ(s.values(2).max, 4.0);          // the 10 before the reset is forgotten
  EXPECT_EQ(s.values(3).count, 1u);
  EXPECT_EQ(s.values(3).max, 7.0);
  EXPECT_EQ(s.values(4).count, 1u);
  EXPECT_EQ(s.values(4).quantiles[0], 7.0);
}

TEST(Collector, TimeWeightedInstrumentsStartAtTheStatisticsStart) {
  Collector c(k::table(), at(hours(2)));
  const MeasureId m = c.describe(make("fuel_level", InstrumentKind::time_weighted, {}, Unit::tonnes));
  TimeWeightedGauge& fuel = c.time_weighted(m, {}, 100.0);
  fuel.set(at(hours(3)), 50.0);
  const Snapshot s = c.snapshot(at(hours(4)));
  EXPECT_DOUBLE_EQ(s.values(0).mean, 75.0);
  EXPECT_DOUBLE_EQ(s.values(0).integral, 150.0 * 3600.0);
}

/// The catalog positions `changes` lists, in order.
std::vector<std::uint32_t> listed(const Changes& ch) {
  std::vector<std::uint32_t> out;
  for (const Change& x : ch.changed()) out.push_back(x.series);
  return out;
}

TEST(Collector, ChangesListOnlyTheSeriesUpdatedSinceThePreviousRead) {
  Collector c(k::table());
  const MachineId a = c.names().add<k::machine>("a");
  const MachineId b = c.names().add<k::machine>("b");
  const MeasureId fuel = c.describe(make("fuel_used", InstrumentKind::counter, {k::machine}, Unit::tonnes));
  const MeasureId stock = c.describe(make("stock", InstrumentKind::gauge, {}, Unit::tonnes));
  const MeasureId busy = c.describe(make("busy", InstrumentKind::time_weighted));
  const MeasureId wait = c.describe(make("wait", InstrumentKind::tally, {}, Unit::seconds));
  Counter& fuel_b = c.counter(fuel, {b});
  Gauge& g = c.gauge(stock);
  Counter& fuel_a = c.counter(fuel, {a});
  TimeWeightedGauge& tw = c.time_weighted(busy);
  TallyInstrument& t = c.tally(wait);
  // Catalog order: fuel{b} 0, fuel{a} 1, stock 2, busy 3, wait 4.

  const Changes& first = c.changes(at(hours(0)));
  EXPECT_TRUE(first.everything());
  EXPECT_EQ(listed(first), (std::vector<std::uint32_t>{0, 1, 2, 3, 4}));
  EXPECT_TRUE(c.changes(at(hours(1))).changed().empty());

  // Updated in another order than the catalog's, some several times.
  t.add(4.0);
  fuel_a.add(2.0);
  tw.set(at(hours(2)), 3.0);
  fuel_a.add(1.0);
  const Changes& second = c.changes(at(hours(3)));
  EXPECT_FALSE(second.everything());
  EXPECT_EQ(second.time(), at(hours(3)));
  ASSERT_EQ(listed(second), (std::vector<std::uint32_t>{1, 3, 4}));
  EXPECT_EQ(second.changed()[0].values.value, 3.0);
  EXPECT_EQ(second.series(second.changed()[0]).labels.at(0).value, "a");
  EXPECT_EQ(second.descriptor(second.changed()[1]).name, "busy");
  EXPECT_EQ(second.changed()[1].values.value, 3.0);
  EXPECT_DOUBLE_EQ(second.changed()[1].values.integral, 3.0 * 3600.0);  // 3 from 2 h to 3 h
  EXPECT_EQ(second.changed()[2].values.count, 1u);

  // Setting a gauge or a level to the value it holds is no change.
  g.set(0.0);
  tw.set(at(hours(4)), 3.0);
  EXPECT_TRUE(c.changes(at(hours(5))).changed().empty());
  g.set(10.0);
  g.set(0.0);  // changed and back: still a change in the interval
  fuel_b.add(1.0);
  EXPECT_EQ(listed(c.changes(at(hours(6)))), (std::vector<std::uint32_t>{0, 2}));

  // Everything on request, and after a warm-up reset.
  EXPECT_EQ(c.changes(at(hours(7)), Collector::Read::everything).changed().size(), 5u);
  EXPECT_TRUE(c.changes(at(hours(8))).changed().empty());
  c.reset(at(hours(8)));
  const Changes& after_reset = c.changes(at(hours(9)));
  EXPECT_TRUE(after_reset.everything());
  EXPECT_EQ(after_reset.since(), at(hours(8)));
  EXPECT_EQ(after_reset.changed()[1].values.value, 0.0);                    // fuel{a} restarted
  EXPECT_DOUBLE_EQ(after_reset.changed()[3].values.integral, 3.0 * 3600.0);  // level 3 since 8 h
}

TEST(Collector, ChangesAndSnapshotsAgreeAndDoNotDisturbEachOther) {
  Collector c(k::table());
  const MeasureId m = c.describe(make("sorties", InstrumentKind::counter));
  const MeasureId l = c.describe(make("latency", InstrumentKind::quantile, {}, Unit::seconds));
  Counter& sorties = c.counter(m);
  QuantileInstrument& q = c.quantile(l);
  (void)c.changes(at(hours(0)));
  sorties.add(2);
  for (int i = 1; i <= 10; ++i) q.add(i);
  const Snapshot s = c.snapshot(at(hours(1)));  // does not consume the changes
  const Changes& ch = c.changes(at(hours(1)));
  ASSERT_EQ(ch.changed().size(), 2u);
  EXPECT_TRUE(s.same_series(Snapshot(ch.time(), ch.since(), ch.shared_catalog(),
                                     std::make_shared<std::vector<Values>>(2))));
  for (const Change& x : ch.changed()) {
    EXPECT_EQ(x.values.value, s.values(x.series).value);
    EXPECT_EQ(x.values.count, s.values(x.series).count);
    EXPECT_EQ(x.values.quantiles, s.values(x.series).quantiles);
  }
}

// A series made after a read is listed at the next one, with the catalog
// that includes it.
TEST(Collector, ANewInstrumentCountsAsChanged) {
  Collector c(k::table());
  const MeasureId m = c.describe(make("sorties", InstrumentKind::counter, {k::machine}));
  c.counter(m, {c.names().add<k::machine>("a")});
  EXPECT_EQ(c.changes(at(hours(0))).changed().size(), 1u);
  c.counter(m, {c.names().add<k::machine>("b")});
  const Changes& ch = c.changes(at(hours(1)));
  ASSERT_EQ(ch.changed().size(), 1u);
  EXPECT_EQ(ch.catalog().series.size(), 2u);
  EXPECT_EQ(ch.series(ch.changed()[0]).labels.at(0).value, "b");
}

// The collector knows no kinds of its own: labels, snapshots and changes
// carry the names of the kinds it was given, and a kind it was not given is
// refused.
TEST(Collector, LabelsCarryTheNamesOfTheKindsItWasGiven) {
  Collector c(KindTable{"depot", "truck"});
  constexpr EntityKind depot{0};
  constexpr EntityKind truck{1};
  const auto t1 = c.names().add<truck>("t1");
  const auto d1 = c.names().add<depot>("d1");
  const MeasureId loads = c.describe(make("loads", InstrumentKind::counter, {truck, depot}));
  c.counter(loads, {t1, d1}).add(3);
  EXPECT_THROW(c.describe(make("unknown", InstrumentKind::counter, {EntityKind{2}})), std::invalid_argument);

  const Snapshot s = c.snapshot(at(hours(1)));
  EXPECT_EQ(s.kinds().size(), 2u);
  EXPECT_EQ(s.kinds().name(truck), "truck");
  ASSERT_EQ(s.size(), 1u);
  const std::vector<Label>& labels = s.series(0).labels;
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_EQ(labels[0].kind, truck);
  EXPECT_EQ(labels[0].name, "truck");
  EXPECT_EQ(labels[0].value, "t1");
  EXPECT_EQ(labels[1].name, "depot");
  EXPECT_EQ(labels[1].value, "d1");
  EXPECT_EQ(s.values(0).value, 3.0);

  const Changes& ch = c.changes(at(hours(1)));
  EXPECT_EQ(ch.catalog().kinds.name(depot), "depot");
  EXPECT_EQ(ch.series(ch.changed()[0]).labels[0].name, "truck");

  // The same kind number in another collector is whatever that one calls it.
  Collector other(k::table());
  const MeasureId m = other.describe(make("loads", InstrumentKind::counter, {k::machine}));
  other.counter(m, {other.names().add<k::machine>("t1")});
  EXPECT_EQ(other.snapshot(at(hours(1))).series(0).labels.at(0).name, "machine");
}

// The runs of a drill, one after another on a thread: each collector
// describes the same measures and makes the same series. A collector takes
// the measures and the catalog of the last one on its thread where they
// are equal, and makes its own where they differ.
std::unique_ptr<Collector> small_run(std::string_view machine, bool with_queue = true) {
  auto c = std::make_unique<Collector>(k::table());
  const MeasureId sorties = c->describe(make("sorties", InstrumentKind::counter, {k::machine}));
  if (with_queue) c->describe(make("queue", InstrumentKind::time_weighted));
  c->counter(sorties, {c->names().add<k::machine>(machine)}).add(2);
  return c;
}

TEST(Collector, ARepeatedRunSharesTheMeasuresAndCatalogOfTheLastOnItsThread) {
  auto first = small_run("lathe");
  const Snapshot a = first->snapshot(SimTime::zero());
  auto second = small_run("lathe");
  const Snapshot b = second->snapshot(SimTime::zero());
  EXPECT_EQ(second->descriptors().data(), first->descriptors().data());
  EXPECT_TRUE(b.same_series(a));
  EXPECT_EQ(b.values(0).value, 2.0);
  // The same measures, a series of another entity: a catalog of its own,
  // with its own names.
  auto third = small_run("press");
  const Snapshot c = third->snapshot(SimTime::zero());
  EXPECT_EQ(third->descriptors().data(), first->descriptors().data());
  EXPECT_FALSE(c.same_series(b));
  EXPECT_EQ(c.series(0).labels.at(0).value, "press");
  EXPECT_EQ(b.series(0).labels.at(0).value, "lathe");
  // Fewer measures than the last run: only its own are listed.
  auto fourth = small_run("lathe", false);
  const Snapshot d = fourth->snapshot(SimTime::zero());
  EXPECT_EQ(fourth->descriptors().size(), 1u);
  EXPECT_EQ(d.descriptors().size(), 1u);
  EXPECT_THROW(fourth->descriptor(MeasureId{1}), std::out_of_range);
}

TEST(Collector, AMeasureThatDiffersFromTheLastRunsIsCheckedAgainstTheOnesTakenOver) {
  {
    Collector last(k::table());
    last.describe(make("queue", InstrumentKind::time_weighted));
    last.describe(make("wait", InstrumentKind::tally, {}, Unit::seconds));
    last.snapshot(SimTime::zero());
  }
  Collector c(k::table());
  c.describe(make("queue", InstrumentKind::time_weighted));  // as the last run's
  try {
    // drill_queue_mean is the time-weighted level's mean.
    c.describe(make("queue_mean", InstrumentKind::gauge));
    FAIL() << "a clash with a measure taken over must throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "measures 'queue' and 'queue_mean' both export 'drill_queue_mean'");
  }
  EXPECT_THROW(c.describe(make("queue", InstrumentKind::time_weighted)), std::invalid_argument);
  EXPECT_EQ(c.describe(make("wait", InstrumentKind::gauge, {}, Unit::seconds)).index, 1u);
  EXPECT_EQ(c.descriptor(MeasureId{1}).kind, InstrumentKind::gauge);
  EXPECT_EQ(c.snapshot(SimTime::zero()).descriptors().size(), 2u);
}

// A measure given by its parts is a comparison where it is the next one
// taken over, and any part that differs makes it the collector's own,
// checked as a whole descriptor is.
TEST(Collector, AMeasureGivenByItsPartsIsTakenOverOnlyWhereEveryPartIsTheSame) {
  const auto run = [](std::string_view help, std::initializer_list<EntityKind> labels) {
    auto c = std::make_unique<Collector>(k::table());
    c->describe("sorties", Unit::none, "Test measure.", {k::machine}, InstrumentKind::counter);
    c->describe("queue", Unit::none, help, labels, InstrumentKind::time_weighted, Headline::yes);
    c->snapshot(SimTime::zero());
    return c;
  };
  auto first = run("Test measure.", {});
  auto second = run("Test measure.", {});
  EXPECT_EQ(second->descriptors().data(), first->descriptors().data());
  EXPECT_EQ(second->descriptor(MeasureId{1}).headline, Headline::yes);
  auto other_help = run("Requests waiting.", {});
  EXPECT_NE(other_help->descriptors().data(), second->descriptors().data());
  EXPECT_EQ(other_help->descriptor(MeasureId{1}).help, "Requests waiting.");
  auto other_labels = run("Requests waiting.", {k::machine});
  EXPECT_EQ(other_labels->descriptor(MeasureId{1}).labels, std::vector<EntityKind>{k::machine});
  // By parts or whole, the same checks: a name taken is refused.
  EXPECT_THROW(other_labels->describe("sorties", Unit::none, "Test measure.", {}, InstrumentKind::counter),
               std::invalid_argument);
}

}  // namespace
}  // namespace drill::core::metrics
