// The replication aggregate: interval arithmetic on known samples, the
// combined fingerprint, and a JSON schema of its own.
#include <stdexcept>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "core/metrics/collector.hpp"
#include "io/replications.hpp"
#include "models/entity_kinds.hpp"

namespace drill::io {
namespace {

/// A replication whose final snapshot holds one headline counter, sorties_flown.
ReplicationRun run_with(std::uint64_t replication, int sorties, std::string fingerprint) {
  core::metrics::Collector c(models::entity_kinds());
  const auto id = c.describe(core::metrics::Descriptor{"sorties_flown", core::metrics::Unit::none, "Sorties.", {},
                                                       core::metrics::InstrumentKind::counter,
                                                       core::metrics::Headline::yes});
  c.counter(id).add(sorties);
  return ReplicationRun{replication, std::move(fingerprint), 100 + replication, c.snapshot(core::at(core::days(1)))};
}

TEST(ReplicationSet, AggregatesInReplicationOrderWithTheStudentTInterval) {
  ReplicationSet set;
  set.add(run_with(0, 10, "00000000000000aa"));
  set.add(run_with(1, 12, "00000000000000bb"));
  set.add(run_with(2, 14, "00000000000000cc"));
  EXPECT_EQ(set.size(), 3u);
  EXPECT_EQ(set.events(), 303u);
  RunInfo info;
  info.drill_name = "d";
  info.seed = 5;
  const std::string json = set.json(info);
  EXPECT_NE(json.find("\"format\": \"drillsim.replications\""), std::string::npos) << json;
  // Samples 10, 12, 14: mean 12, s = 2, half-width t_{0.975,2} * 2 / sqrt(3).
  EXPECT_NE(json.find("\"measure\": \"sorties_flown\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"statistic\": \"value\",\n      \"mean\": 12,\n      \"ci95_half_width\": 4.968275"),
            std::string::npos)
      << json;
  const std::string text = set.text(info);
  EXPECT_NE(text.find("  sorties_flown                                            12.000        4.968       10.000       14.000\n"),
            std::string::npos)
      << text;
  EXPECT_NE(set.csv().find("sorties_flown,drill_sorties_flown_total,,,value,12,4.968275"), std::string::npos)
      << set.csv();
}

TEST(ReplicationSet, RefusesAReplicationWithOtherSeries) {
  ReplicationSet set;
  set.add(run_with(0, 10, "00000000000000aa"));
  core::metrics::Collector c(models::entity_kinds());
  c.describe(core::metrics::Descriptor{"other", core::metrics::Unit::none, "Other.", {},
                                       core::metrics::InstrumentKind::counter, core::metrics::Headline::yes});
  (void)c.counter(core::metrics::MeasureId{0});
  EXPECT_THROW(set.add(ReplicationRun{1, "bb", 1, c.snapshot(core::at(core::days(1)))}), std::invalid_argument);
}

TEST(ReplicationSet, FingerprintCombinesTheRunsInOrder) {
  ReplicationSet a, b;
  a.add(run_with(0, 1, "1111111111111111"));
  a.add(run_with(1, 1, "2222222222222222"));
  b.add(run_with(0, 1, "2222222222222222"));
  b.add(run_with(1, 1, "1111111111111111"));
  EXPECT_EQ(a.fingerprint().size(), 16u);
  EXPECT_NE(a.fingerprint(), b.fingerprint());
  ReplicationSet empty;
  EXPECT_EQ(empty.fingerprint(), "cbf29ce484222325");  // FNV-1a offset basis: nothing hashed
}

TEST(ReplicationSet, StreamsItsFileInPiecesThatMakeTheWholeText) {
  ReplicationSet set;
  for (std::uint64_t r = 0; r < 4000; ++r) set.add(run_with(r, static_cast<int>(r % 7), "0123456789abcdef"));
  RunInfo info;
  std::string joined;
  int pieces = 0;
  set.write_json(info, [&](std::string_view piece) {
    EXPECT_LE(piece.size(), 80u * 1024u);
    joined += piece;
    ++pieces;
  });
  EXPECT_GT(pieces, 5);
  EXPECT_EQ(joined, set.json(info));
  EXPECT_EQ(joined.back(), '\n');
  EXPECT_NE(joined.find("\"replication\": 3999,"), std::string::npos);
}

}  // namespace
}  // namespace drill::io
