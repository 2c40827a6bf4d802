// The messages between rank 0 and the worker ranks of an MPI sweep
// (mpi_executor.hpp), as byte strings: a kind byte, then the payload.
// Integers are little-endian whatever the host, so ranks on different
// machines agree. Between one pair of ranks MPI delivers messages in the
// order they were sent (one tag per direction), which the protocol relies
// on: a point's description arrives before its first ticket, and a worker
// answers its tickets in the order it got them, exactly one answer each.
//
//   rank 0 -> worker (kToWorker):  'I' identity                 what rank 0 runs (first)
//                                  'P' point:u32 description   learn a point
//                                  'T' (point:u32 replication:u64)...  run these tickets, in order
//                                  'Q'                          leave the loop
//   worker -> rank 0 (kToRoot):    'A' (kind:u8 length:u32 payload)...  answers, in ticket order:
//                                      kind 'R' encode(outcome)  a ticket's outcome
//                                      kind 'E' message          a ticket that failed
//
// Tickets and answers go in batches: rank 0 sends a rank every ticket it
// hands it in one look at the queue as one message, and a worker sends the
// answers of the runs it finished since its last message as one (mpi_worker.cpp
// says when). With one message per ticket and per outcome, a worker rank
// spent about 6 us of each 17 us run of the small drill outside it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "sweep/run_outcome.hpp"

namespace drill::sweep::mpi_messages {

inline constexpr int kToWorker = 1;
inline constexpr int kToRoot = 2;

inline constexpr char kIdentity = 'I';
inline constexpr char kPoint = 'P';
inline constexpr char kTicket = 'T';
inline constexpr char kQuit = 'Q';
inline constexpr char kAnswers = 'A';
inline constexpr char kOutcome = 'R';
inline constexpr char kError = 'E';

/// Writes `v` over the 4 bytes of `out` from `at`.
inline void set_u32(std::string& out, std::size_t at, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) out[at + i] = static_cast<char>((v >> (8 * i)) & 0xffu);
}
inline void put_u32(std::string& out, std::uint32_t v) {
  out.append(4, '\0');
  set_u32(out, out.size() - 4, v);
}
inline void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xffu));
}
inline std::uint64_t get_le(std::string_view bytes, std::size_t at, int width) {
  if (bytes.size() < at + static_cast<std::size_t>(width)) throw std::runtime_error("MPI sweep message too short");
  std::uint64_t v = 0;
  for (int i = 0; i < width; ++i)
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)])) << (8 * i);
  return v;
}

inline std::string identity_message(std::string_view identity) {
  std::string m(1, kIdentity);
  m.append(identity);
  return m;
}
inline std::string point_message(PointId point, std::string_view description) {
  std::string m(1, kPoint);
  put_u32(m, point.value);
  m.append(description);
  return m;
}
/// Bytes of one ticket in a kTicket message.
inline constexpr std::size_t kTicketBytes = 12;

/// Appends a ticket to a kTicket message (`batch` empty: starts one).
inline void add_ticket(std::string& batch, const RunTicket& t) {
  if (batch.empty()) batch.push_back(kTicket);
  put_u32(batch, t.point.value);
  put_u64(batch, t.replication);
}
/// The point of a kPoint message.
inline PointId point_of(std::string_view m) { return PointId{static_cast<std::uint32_t>(get_le(m, 1, 4))}; }
inline std::string_view description_of(std::string_view m) { return m.substr(5); }
/// Calls f(ticket) for each ticket of a kTicket message, in order. Throws
/// std::runtime_error, before any call, when the message is not whole tickets.
template <class F>
void for_each_ticket(std::string_view m, F&& f) {
  if (m.size() <= 1 || (m.size() - 1) % kTicketBytes != 0)
    throw std::runtime_error("MPI sweep ticket message of the wrong size");
  for (std::size_t at = 1; at < m.size(); at += kTicketBytes)
    f(RunTicket{PointId{static_cast<std::uint32_t>(get_le(m, at, 4))}, get_le(m, at + 4, 8)});
}

/// A worker's kAnswers message under construction.
class AnswerBatch {
 public:
  /// Appends an answer of `kind` whose payload write(std::string&) appends.
  /// Should write() throw (or the payload pass 4 GiB), the batch is left as
  /// it was, so that the answer given instead still makes whole answers.
  template <class Write>
  void add_written(char kind, Write&& write) {
    const std::size_t before = bytes_.size();
    try {
      if (bytes_.empty()) bytes_.push_back(kAnswers);
      bytes_.push_back(kind);
      const std::size_t length_at = bytes_.size();
      put_u32(bytes_, 0);
      write(bytes_);
      const std::size_t length = bytes_.size() - length_at - 4;
      if (length > 0xffffffffu) throw std::runtime_error("MPI sweep answer longer than 4 GiB");
      set_u32(bytes_, length_at, static_cast<std::uint32_t>(length));
    } catch (...) {
      bytes_.resize(before);
      throw;
    }
    ++count_;
  }
  void add(char kind, std::string_view payload) {
    add_written(kind, [payload](std::string& out) { out.append(payload); });
  }
  std::size_t count() const noexcept { return count_; }
  std::size_t size() const noexcept { return bytes_.size(); }
  bool empty() const noexcept { return count_ == 0; }
  /// The message; the batch is empty after.
  std::string take() {
    count_ = 0;
    return std::exchange(bytes_, {});
  }

 private:
  std::string bytes_;
  std::size_t count_ = 0;
};

/// Calls f(kind, payload) for each answer of a kAnswers message, in order.
/// Throws std::runtime_error, before any call, when the message is not whole answers.
template <class F>
void for_each_answer(std::string_view m, F&& f) {
  if (m.empty() || m[0] != kAnswers) throw std::runtime_error("MPI sweep message of an unknown kind");
  std::size_t count = 0;
  for (std::size_t at = 1; at < m.size(); ++count) {
    const std::uint64_t length = get_le(m, at + 1, 4);
    if (length > m.size() - at - 5) throw std::runtime_error("MPI sweep answer beyond the end of its message");
    at += 5 + static_cast<std::size_t>(length);
  }
  if (count == 0) throw std::runtime_error("MPI sweep message with no answer");
  for (std::size_t at = 1; at < m.size();) {
    const auto length = static_cast<std::size_t>(get_le(m, at + 1, 4));
    f(m[at], m.substr(at + 5, length));
    at += 5 + length;
  }
}

}  // namespace drill::sweep::mpi_messages
