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
//                                  'T' point:u32 replication:u64   run a ticket
//                                  'Q'                          leave the loop
//   worker -> rank 0 (kToRoot):    'R' encode(outcome)          a ticket's outcome
//                                  'E' message                  a ticket that failed
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sweep/run_outcome.hpp"

namespace drill::sweep::mpi_messages {

inline constexpr int kToWorker = 1;
inline constexpr int kToRoot = 2;

inline constexpr char kIdentity = 'I';
inline constexpr char kPoint = 'P';
inline constexpr char kTicket = 'T';
inline constexpr char kQuit = 'Q';
inline constexpr char kOutcome = 'R';
inline constexpr char kError = 'E';

inline void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xffu));
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
inline std::string ticket_message(const RunTicket& t) {
  std::string m(1, kTicket);
  put_u32(m, t.point.value);
  put_u64(m, t.replication);
  return m;
}
/// The point of a kPoint or kTicket message.
inline PointId point_of(std::string_view m) { return PointId{static_cast<std::uint32_t>(get_le(m, 1, 4))}; }
inline std::string_view description_of(std::string_view m) { return m.substr(5); }
inline RunTicket ticket_of(std::string_view m) {
  if (m.size() != 13) throw std::runtime_error("MPI sweep ticket message of the wrong size");
  return RunTicket{point_of(m), get_le(m, 5, 8)};
}

}  // namespace drill::sweep::mpi_messages
