// The results layer shows waits still in progress at the end of a run
// (censored waits): their count and the longest, per resource and stock, in
// summary.json and in the text printout.
#include <gtest/gtest.h>

#include <string>

#include "io/run_report.hpp"
#include "models/measures.hpp"

namespace drill::models {
namespace {

DrillMeasures with_waits() {
  DrillMeasures m;
  m.end = core::at(core::days(2));
  ResourceMeasure crews;
  crews.name = "lossie/maintenance_crews";
  crews.capacity = 1;
  crews.waits_in_progress = 2;
  crews.longest_wait_in_progress_min = 1800.0;
  m.resources.push_back(crews);
  ResourceMeasure runway;
  runway.name = "lossie/launch";
  runway.capacity = 1;
  m.resources.push_back(runway);
  StockMeasure spares;
  spares.name = "lossie/spares";
  spares.waits_in_progress = 1;
  spares.longest_wait_in_progress_min = 2940.0;
  spares.max_wait_min = 12.5;
  m.stocks.push_back(spares);
  return m;
}

TEST(RunReport, SummaryJsonCarriesWaitsInProgressPerResourceAndStock) {
  const std::string json = io::summary_json(with_waits(), io::RunInfo{});
  EXPECT_NE(json.find("\"waits_in_progress\": 2,\n      \"longest_wait_in_progress_min\": 1800\n"), std::string::npos)
      << json;
  EXPECT_NE(json.find("\"max_wait_min\": 12.5,\n      \"waits_in_progress\": 1,\n"
                      "      \"longest_wait_in_progress_min\": 2940\n"),
            std::string::npos)
      << json;
}

TEST(RunReport, TextListsOnlyTheWaitsStillInProgressInHours) {
  const std::string text = io::summary_text(with_waits(), io::RunInfo{});
  EXPECT_NE(text.find("  waits still in progress      waiting  longest\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    lossie/maintenance_crews            2     30.0 h\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    lossie/spares                       1     49.0 h\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("lossie/launch                       0"), std::string::npos) << text;

  DrillMeasures none;
  EXPECT_EQ(io::summary_text(none, io::RunInfo{}).find("waits still in progress"), std::string::npos);
}

TEST(RunReport, AnUnfinishedTaskShowsItsReasonInJsonAndText) {
  DrillMeasures m;
  TaskMeasure t;
  t.name = "firth_patrol";
  t.kind = "patrol";
  t.reason = "argyll on patrol 'firth_patrol' until D+1 06:00:00";
  m.task_list.push_back(t);
  TaskMeasure ok;
  ok.name = "reach_firth";
  ok.kind = "transit";
  ok.completed = ok.on_time = true;
  m.task_list.push_back(ok);
  const std::string json = io::summary_json(m, io::RunInfo{});
  EXPECT_NE(json.find("\"reason\": \"argyll on patrol 'firth_patrol' until D+1 06:00:00\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"reason\": \"\""), std::string::npos) << json;  // on time: empty
  const std::string text = io::summary_text(m, io::RunInfo{});
  EXPECT_NE(text.find("not done\n      why: argyll on patrol 'firth_patrol' until D+1 06:00:00\n"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("on time\n      why"), std::string::npos) << text;
}

}  // namespace
}  // namespace drill::models
