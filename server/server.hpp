// The live server: HTTP and WebSocket (Boost.Beast on Boost.Asio) on a
// thread of its own, answering from a Hub (hub.hpp) and nothing else.
//
// Endpoints (README "Watching a drill live"): GET /metrics (Prometheus text
// 0.0.4), /api/run, /api/summary, /api/series, /api/timeline,
// /api/dashboard, the page's embedded assets (exact paths only), the
// WebSocket /ws, and POST /api/control (pause, resume, pace) when a token
// is set (404 otherwise).
//
// One io_context on one thread: every session and the push timer run
// there, so sessions share no locks but the hub's. Each WebSocket client
// has a bounded queue: updates waiting for a slow client are coalesced into
// one message; past `ws_queue_updates` waiting pushes they are dropped and
// the client gets a fresh snapshot when it catches up; a client dropped
// `ws_drops_before_close` pushes in a row, or whose write does not finish
// within `ws_write_timeout`, is closed with the reason. The run never
// waits for the network.
//
// Limits (ServerLimits) hold for every connection: the request header
// (request line included) and field count, the target, the body, the
// connections open at once (more are closed on accept), requests per
// connection per second (429, then close), a whole request must arrive
// within `request_timeout` of the connection's previous answer or its
// opening (idle and slow-loris alike), WebSocket messages (frames included)
// up to `ws_message_bytes`. A malformed request gets 400 and its connection
// is closed; a bad WebSocket frame closes that socket only.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "engine/run_control.hpp"
#include "server/hub.hpp"

namespace drill::server {

struct ServerLimits {
  std::size_t header_bytes = 8 * 1024;
  std::size_t target_bytes = 2 * 1024;
  std::size_t header_fields = 64;
  std::size_t body_bytes = 4 * 1024;
  std::size_t connections = 256;
  unsigned requests_per_second = 100;
  std::chrono::milliseconds request_timeout{10000};
  std::size_t ws_message_bytes = 64 * 1024;
  std::size_t ws_queue_updates = 8;
  unsigned ws_drops_before_close = 3;
  std::chrono::milliseconds ws_write_timeout{30000};
  /// When the server stops, its WebSocket clients are sent a close frame
  /// (1001, going away) and their close handshakes are waited for this long
  /// at most.
  std::chrono::milliseconds ws_close_wait{250};
  std::size_t timeline_limit = 10000;  // rows per /api/timeline answer at most
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port (see Server::port)
  std::optional<std::string> token;
  std::chrono::milliseconds push_interval{1000};
  // A client's snapshot goes out this long after it subscribes (a push,
  // shared by the clients subscribing meanwhile), not at the next interval.
  std::chrono::milliseconds join_delay{20};
  ServerLimits limits{};
};

/// What happened, for tests and the benchmark.
struct ServerCounters {
  std::uint64_t requests = 0;
  std::uint64_t rejected_connections = 0;
  std::uint64_t unauthorized = 0;
  std::uint64_t bad_requests = 0;
  std::uint64_t ws_clients = 0;
  std::uint64_t ws_pushes = 0;         // messages written, snapshots included
  std::uint64_t ws_updates_sent = 0;   // `update` messages written
  std::uint64_t ws_updates_rendered = 0;  // `update` texts rendered (one per subscription and push)
  std::uint64_t ws_drops = 0;
  std::uint64_t ws_closed_slow = 0;
};

class Server {
 public:
  /// Binds and starts serving on its own thread. `control` (if any) is what
  /// POST /api/control steers; it and `hub` must outlive the server.
  /// Throws std::runtime_error naming the address when it cannot bind.
  Server(Hub& hub, ServerOptions options, engine::RunControl* control = nullptr);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// The port bound (the actual one when 0 was asked for).
  std::uint16_t port() const noexcept;
  /// http://ADDR:PORT/
  std::string url() const;
  /// Waits until the clients have been pushed the end of the run (at most
  /// `wait`), then stops serving and joins the thread.
  void stop(std::chrono::milliseconds wait = std::chrono::milliseconds(0));
  ServerCounters counters() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace drill::server
