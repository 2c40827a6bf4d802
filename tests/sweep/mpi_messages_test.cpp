// The bytes of an MPI sweep's messages (sweep/mpi_messages.hpp): batches of
// tickets and of answers, read back whole or refused whole. No MPI needed.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sweep/mpi_messages.hpp"

namespace drill::sweep {
namespace {

namespace msg = mpi_messages;

std::vector<RunTicket> tickets_of(std::string_view m) {
  std::vector<RunTicket> out;
  msg::for_each_ticket(m, [&](const RunTicket& t) { out.push_back(t); });
  return out;
}

TEST(MpiMessages, ATicketBatchReadsBackInOrder) {
  const std::vector<RunTicket> given = {RunTicket{PointId{0}, 0}, RunTicket{PointId{3}, 1ull << 40},
                                        RunTicket{PointId{0xfffffffeu}, 7}};
  std::string batch;
  for (const RunTicket& t : given) msg::add_ticket(batch, t);
  EXPECT_EQ(batch[0], msg::kTicket);
  EXPECT_EQ(batch.size(), 1 + 3 * msg::kTicketBytes);
  EXPECT_EQ(tickets_of(batch), given);
  // One ticket alone is the same message with one record.
  std::string one;
  msg::add_ticket(one, given[1]);
  EXPECT_EQ(one.size(), 13u);
  EXPECT_EQ(tickets_of(one), std::vector<RunTicket>{given[1]});
}

TEST(MpiMessages, ATicketMessageThatIsNotWholeTicketsIsRefusedBeforeAnyTicket) {
  std::string batch;
  msg::add_ticket(batch, RunTicket{PointId{1}, 2});
  msg::add_ticket(batch, RunTicket{PointId{1}, 3});
  for (const std::string& bad : {std::string(1, msg::kTicket), batch.substr(0, batch.size() - 1), batch + 'x'}) {
    int calls = 0;
    EXPECT_THROW(msg::for_each_ticket(bad, [&](const RunTicket&) { ++calls; }), std::runtime_error) << bad.size();
    EXPECT_EQ(calls, 0);
  }
}

RunOutcome outcome(std::uint64_t replication) {
  RunOutcome o;
  o.ticket = RunTicket{PointId{4}, replication};
  o.fingerprint = 0x1234 + replication;
  o.series = SeriesList(std::vector<SeriesKey>{SeriesKey{"ship_fuel", "unit=a", "tonnes", "mean"}});
  o.values = {1.5 * static_cast<double>(replication)};
  o.value_array = "[1.5]";
  o.wall_seconds = 0.25;
  return o;
}

TEST(MpiMessages, AnAnswerBatchCarriesOutcomesAndErrorsInOrder) {
  msg::AnswerBatch batch;
  EXPECT_TRUE(batch.empty());
  const RunOutcome first = outcome(1);
  batch.add_written(msg::kOutcome, [&](std::string& out) { encode_to(out, first); });
  batch.add(msg::kError, "the drill has no unit named x");
  const RunOutcome third = outcome(3);
  batch.add_written(msg::kOutcome, [&](std::string& out) { encode_to(out, third, first.series); });
  batch.add(msg::kError, std::string_view{});
  EXPECT_EQ(batch.count(), 4u);
  const std::string m = batch.take();
  EXPECT_TRUE(batch.empty());
  EXPECT_EQ(batch.size(), 0u);

  std::vector<std::pair<char, std::string>> answers;
  msg::for_each_answer(m, [&](char kind, std::string_view payload) { answers.emplace_back(kind, payload); });
  ASSERT_EQ(answers.size(), 4u);
  EXPECT_EQ(answers[0].first, msg::kOutcome);
  EXPECT_EQ(answers[0].second, encode(first));
  EXPECT_EQ(answers[1], std::make_pair(msg::kError, std::string("the drill has no unit named x")));
  EXPECT_EQ(answers[2].first, msg::kOutcome);
  EXPECT_EQ(answers[2].second, encode(third, first.series));
  const RunOutcome back = decode(answers[2].second, first.series);
  EXPECT_EQ(back.ticket, third.ticket);
  EXPECT_EQ(back.values, third.values);
  EXPECT_EQ(answers[3], std::make_pair(msg::kError, std::string()));
}

TEST(MpiMessages, AnAnswerWhosePayloadThrowsLeavesTheBatchAsItWas) {
  msg::AnswerBatch batch;
  batch.add(msg::kError, "kept");
  const std::size_t size = batch.size();
  EXPECT_THROW(batch.add_written(msg::kOutcome,
                                 [](std::string& out) {
                                   out.append("half an outcome");
                                   throw std::runtime_error("no memory");
                                 }),
               std::runtime_error);
  EXPECT_EQ(batch.size(), size);
  EXPECT_EQ(batch.count(), 1u);
  batch.add(msg::kError, "no memory");
  std::vector<std::string> answers;
  msg::for_each_answer(batch.take(), [&](char, std::string_view payload) { answers.emplace_back(payload); });
  EXPECT_EQ(answers, (std::vector<std::string>{"kept", "no memory"}));
}

TEST(MpiMessages, AnAnswerMessageThatIsNotWholeAnswersIsRefusedBeforeAnyAnswer) {
  msg::AnswerBatch batch;
  batch.add(msg::kError, "one");
  batch.add(msg::kError, "two");
  const std::string m = batch.take();
  for (const std::string& bad :
       {std::string(), std::string(1, msg::kAnswers), m.substr(0, m.size() - 1), m + 'E', 'R' + m.substr(1)}) {
    int calls = 0;
    EXPECT_THROW(msg::for_each_answer(bad, [&](char, std::string_view) { ++calls; }), std::runtime_error)
        << bad.size();
    EXPECT_EQ(calls, 0);
  }
}

TEST(MpiMessages, EncodeToAppendsTheBytesEncodeMakes) {
  const RunOutcome o = outcome(9);
  std::string out = "kept";
  encode_to(out, o);
  EXPECT_EQ(out, "kept" + encode(o));
}

}  // namespace
}  // namespace drill::sweep
