// The replication aggregate: interval arithmetic on known samples, the
// combined fingerprint, and a JSON schema of its own.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "io/replications.hpp"

namespace drill::io {
namespace {

ReplicationRun run_with(std::uint64_t replication, int sorties, std::string fingerprint) {
  ReplicationRun r;
  r.replication = replication;
  r.measures.sorties_flown = sorties;
  r.fingerprint = std::move(fingerprint);
  r.events = 100 + replication;
  return r;
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
  EXPECT_NE(json.find("\"sorties_flown\": {\n      \"mean\": 12,\n      \"ci95_half_width\": 4.968275"),
            std::string::npos)
      << json;
  const std::string text = set.text(info);
  EXPECT_NE(text.find("  sorties flown                      12.000        4.968       10.000       14.000\n"),
            std::string::npos)
      << text;
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
  for (std::uint64_t r = 0; r < 2000; ++r) set.add(run_with(r, static_cast<int>(r % 7), "0123456789abcdef"));
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
  EXPECT_NE(joined.find("\"replication\": 1999,"), std::string::npos);
}

}  // namespace
}  // namespace drill::io
