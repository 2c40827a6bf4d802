// The ideal transport is the modelled network with ideal links: the joint
// drill run without its `comms` section and with a `comms` section whose
// every link is ideal (no delay, unlimited bandwidth, no loss) gives the same
// measures and task outcomes. The comms section keeps the drill's nodes (so
// the same units are on the network) and reports as a drill without comms
// does (no scheduled reports, no fuel thresholds, no contact reports); the
// network's own measures (messages, links, ages) exist only in the second
// run and are not compared.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "models/protocol_notes.hpp"
#include "tests/models/drill_run.hpp"

namespace drill::models {
namespace {

std::string read_config(const char* name) {
  std::ifstream in(std::filesystem::path(DRILL_SOURCE_DIR) / "configs" / name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The drill's text from its `comms:` line to the next top-level key replaced by `with`.
std::string replace_comms(const std::string& yaml, const std::string& with) {
  const std::size_t from = yaml.find("\ncomms:\n");
  if (from == std::string::npos) throw std::runtime_error("the drill has no comms section");
  std::size_t to = from + 1;
  for (;;) {
    to = yaml.find('\n', to);
    if (to == std::string::npos || (to + 1 < yaml.size() && yaml[to + 1] != ' ' && yaml[to + 1] != '\n' &&
                                    yaml[to + 1] != '#'))
      break;
    ++to;
  }
  return yaml.substr(0, from + 1) + with + (to == std::string::npos ? "" : yaml.substr(to + 1));
}

constexpr const char* kIdealJointComms = R"(comms:
  nation: GBR
  logistics_cell: hq
  reporting: {report_every: 0s}
  nodes:
    - {name: hq, position: northwood, headquarters: true}
    - {name: qe_ops, host: queen_elizabeth, antenna_height: 150 ft}
    - {name: oiler_ops, host: tidespring}
    - {name: lossie_ops, host: lossie}
    - {name: mpa_ops, host: sqn_120}
    - {name: tanker_ops, host: sqn_10_tanker}
    - {name: typhoon_ops, host: sqn_331, nation: NOR}
    - {name: picket_radio, host: northern_picket}
    - {name: bodo_ops, host: bodo_main, nation: NOR, headquarters: true}
  links:
    - {name: everywhere, kind: ideal,
       nodes: [hq, qe_ops, oiler_ops, lossie_ops, mpa_ops, tanker_ops, typhoon_ops, picket_radio, bodo_ops]}
)";

TEST(TransportEquivalence, TheJointDrillGivesTheSameMeasuresWithoutCommsAndOverIdealLinks) {
  const std::string joint = read_config("joint_drill.yaml");
  testing::DrillRun bare(replace_comms(joint, ""));
  testing::DrillRun ideal(replace_comms(joint, kIdealJointComms));
  ASSERT_EQ(bare.model().network(), nullptr);
  ASSERT_NE(ideal.model().network(), nullptr);
  const testing::Results a = bare.run_to_horizon();
  const testing::Results b = ideal.run_to_horizon();

  std::size_t compared = 0;
  for (std::size_t i = 0; i < a.snapshot.size(); ++i) {
    const auto& d = a.snapshot.descriptor(i);
    std::string labels;
    for (const auto& l : a.snapshot.series(i).labels) labels += " " + std::string(l.value);
    SCOPED_TRACE(d.name + labels);
    bool found = false;
    for (std::size_t j = 0; j < b.snapshot.size() && !found; ++j) {
      if (b.snapshot.descriptor(j).name != d.name) continue;
      const auto& la = a.snapshot.series(i).labels;
      const auto& lb = b.snapshot.series(j).labels;
      if (la.size() != lb.size()) continue;
      bool same = true;
      for (std::size_t k = 0; k < la.size(); ++k) same = same && la[k].value == lb[k].value;
      if (!same) continue;
      found = true;
      const auto& va = a.snapshot.values(i);
      const auto& vb = b.snapshot.values(j);
      EXPECT_EQ(va.value, vb.value);
      EXPECT_EQ(va.count, vb.count);
      EXPECT_EQ(va.sum, vb.sum);
      EXPECT_EQ(va.max, vb.max);
      EXPECT_EQ(va.integral, vb.integral);
      ++compared;
    }
    EXPECT_TRUE(found);
  }
  EXPECT_GT(compared, 100u);
  // A check that would catch a drill with no fuel traffic at all.
  EXPECT_GT(a.value("fuel_delivered_ras"), 0.0);

  ASSERT_EQ(a.tasks.size(), b.tasks.size());
  for (std::size_t i = 0; i < a.tasks.size(); ++i) {
    SCOPED_TRACE(a.tasks[i].name);
    EXPECT_EQ(a.tasks[i].on_time, b.tasks[i].on_time);
    EXPECT_EQ(a.tasks[i].completed_at, b.tasks[i].completed_at);
    EXPECT_EQ(a.tasks[i].reason, b.tasks[i].reason);
  }
}

TEST(TransportEquivalence, ValidateNotesSayWhichTransportEachUnitHas) {
  const std::string joint = read_config("joint_drill.yaml");
  const auto with = protocol_notes(testing::load_or_throw(joint));
  ASSERT_EQ(with.size(), 3u);
  EXPECT_NE(with[0].find("over the network, logistics cell at node 'hq'"), std::string::npos) << with[0];
  EXPECT_NE(with[1].find("queen_elizabeth (qe_ops)"), std::string::npos) << with[1];
  EXPECT_NE(with[2].find("ideal delivery to and from the logistics cell"), std::string::npos) << with[2];
  EXPECT_NE(with[2].find("escort_d, escort_f, sqn_809"), std::string::npos) << with[2];
  const auto without = protocol_notes(testing::load_or_throw(replace_comms(joint, "")));
  ASSERT_EQ(without.size(), 1u);
  EXPECT_NE(without[0].find("ideal transport (no comms section)"), std::string::npos) << without[0];
  EXPECT_NE(without[0].find("no scheduled status reports"), std::string::npos) << without[0];
}

}  // namespace
}  // namespace drill::models
