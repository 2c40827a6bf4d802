#include "server/server.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <map>
#include <list>
#include <mutex>
#include <stdexcept>
#include <thread>

#ifdef __linux__
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "io/json_writer.hpp"
#include "report/page/report_page.hpp"
#include "server/request.hpp"
#include "server/request_bodies.hpp"
#include "server/router.hpp"

namespace drill::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

void number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

}  // namespace

/// One WebSocket client: its subscription, its queue, its socket.
struct WsClient {
  explicit WsClient(beast::tcp_stream&& stream) : ws(std::move(stream)), wake(ws.get_executor()) {}
  websocket::stream<beast::tcp_stream> ws;
  asio::steady_timer wake;  // cancelled to wake the writer
  std::optional<Subscription> sub;
  bool wants_snapshot = false;
  bool closed = false;
  bool end_sent = false;
  bool end_due = false;       // the run has ended: send `end` after the snapshot
  std::shared_ptr<const Update> last;  // the latest push (its run)
  bool writing = false;
  std::chrono::steady_clock::time_point writing_since{};
  unsigned drops_in_a_row = 0;
  std::shared_ptr<const std::string> snapshot;         // to send first (shared by clients)
  std::vector<std::shared_ptr<const Update>> pending;  // coalesced into one message
  std::optional<std::string> close_reason;
  /// Global series id -> this client's id (-1: not subscribed), and the
  /// next id to give.
  std::vector<std::int32_t> ids;
  std::int32_t next_id = 0;
};

class Server::Impl {
 public:
  Impl(Hub& hub, ServerOptions options, engine::RunControl* control)
      : hub_(hub), o_(std::move(options)), control_(control), router_(hub_, o_, control_) {
    acceptor_.emplace(*ioc_);
    tcp::acceptor& acceptor = *acceptor_;
    beast::error_code ec;
    const auto address = asio::ip::make_address(o_.address == "localhost" ? "127.0.0.1" : o_.address, ec);
    if (ec) throw std::runtime_error("'" + o_.address + "' is not an IP address");
    const tcp::endpoint ep{address, o_.port};
    acceptor.open(ep.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(ep, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw std::runtime_error("cannot listen on " + o_.address + ":" + std::to_string(o_.port) + ": " + ec.message());
    port_ = acceptor.local_endpoint().port();
    asio::co_spawn(*ioc_, accept_loop(), asio::detached);
    asio::co_spawn(*ioc_, push_loop(), asio::detached);
    // The run's boundaries are applied to the hub here, off the run's
    // thread, as soon as a batch has queued up.
    hub_.set_drain_request([this] { asio::post(*ioc_, [this] { hub_.drain(); }); });
    thread_ = std::thread([this] {
#ifdef __linux__
      // Named, so that a profile or /proc tells the server's cpu from the run's.
      pthread_setname_np(pthread_self(), "drillsim-serve");
      // The network yields to the run where they share a core: a lower
      // priority for this thread alone (Linux: per thread), never a higher.
      (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
#endif
      ioc_->run();
    });
  }

  ~Impl() {
    stop(std::chrono::milliseconds(0));
    // The sessions' coroutine frames live in the io_context until it is
    // destroyed; they refer to this object, so it goes first.
    acceptor_.reset();
    clients_.clear();
    ioc_.reset();
  }

  void stop(std::chrono::milliseconds wait) {
    if (!thread_.joinable()) return;
    hub_.set_drain_request(nullptr);  // the run's thread applies what queues from now on
    if (wait.count() > 0) {
      // Tell every client the run has ended now, not at the next tick.
      asio::post(*ioc_, [this] { push(); });
      const auto until = std::chrono::steady_clock::now() + wait;
      while (!end_pushed_.load() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // Every WebSocket client is told the server is going away (1001), and
    // its close handshake is waited for briefly: a client that does not
    // read is not waited for past the limit.
    asio::post(*ioc_, [this] { close_clients(); });
    const auto until = std::chrono::steady_clock::now() + o_.limits.ws_close_wait;
    while (!clients_closed_.load() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ioc_->stop();
    thread_.join();
    // Those still open (their handshake unfinished) are closed here, so
    // that a client that has read the close frame sees the connection end.
    for (const auto& c : clients_) {
      beast::error_code ec;
      beast::get_lowest_layer(c->ws).socket().close(ec);
    }
  }

  std::uint16_t port() const noexcept { return port_; }
  std::string url() const {
    const bool v6 = o_.address.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + o_.address + "]" : o_.address) + ":" + std::to_string(port_) + "/";
  }
  ServerCounters counters() const {
    const std::lock_guard lock(counters_m_);
    return counters_;
  }

 private:
  void count(std::uint64_t ServerCounters::*field) {
    const std::lock_guard lock(counters_m_);
    ++(counters_.*field);
  }

  awaitable<void> accept_loop() {
    for (;;) {
      beast::error_code ec;
      tcp::socket socket = co_await acceptor_->async_accept(asio::redirect_error(use_awaitable, ec));
      if (ec == asio::error::operation_aborted) co_return;
      if (ec) continue;  // e.g. too many open files: the listener goes on
      if (open_ >= o_.limits.connections) {
        count(&ServerCounters::rejected_connections);
        socket.close(ec);
        continue;
      }
      asio::co_spawn(*ioc_, session(std::move(socket)), asio::detached);
    }
  }

  /// The name in a Host header value (`name:port`, `[v6]:port`, `name`).
  static std::string_view host_name(std::string_view host) {
    if (!host.empty() && host.front() == '[') {
      const auto close = host.find(']');
      return close == std::string_view::npos ? host : host.substr(1, close - 1);
    }
    const auto colon = host.rfind(':');
    return colon == std::string_view::npos ? host : host.substr(0, colon);
  }

  /// Without a token the server is on loopback only; a browser page from
  /// elsewhere that resolves its own name to 127.0.0.1 (DNS rebinding)
  /// sends its own name, and is refused: only a loopback address, the name
  /// `localhost` or the bound address may be named (in any case).
  bool host_name_allowed(std::string_view host) const {
    const std::string_view name = host_name(host);
    return is_loopback(name) || equal_ignoring_case(name, o_.address);
  }

  bool host_allowed(const Request& req) const {
    if (o_.token) return true;
    const std::string_view host = sv(req[http::field::host]);
    return host.empty() || host_name_allowed(host);  // empty: HTTP/1.0 (HTTP/1.1 without one is refused first)
  }

  /// With a token: the Authorization header carries it; or the request is
  /// the page or one of its files (they hold no data of the run: a browser
  /// cannot send the header when it loads a page); or a WebSocket upgrade
  /// offers it as a subprotocol (the page's way: a browser cannot set the
  /// header there either).
  bool authorized(const Request& req) const {
    if (bearer_matches(sv(req[http::field::authorization]), *o_.token)) return true;
    if (websocket::is_upgrade(req))
      return protocol_bearer_matches(sv(req[http::field::sec_websocket_protocol]), *o_.token);
    if (req.method() != http::verb::get && req.method() != http::verb::head) return false;
    const std::string_view target = sv(req.target());
    const std::string_view path = target.substr(0, target.find('?'));
    for (const report::page::Asset& a : report::page::assets())
      if (a.path == path) return true;
    return false;
  }

  bool origin_allowed(const Request& req) const {
    // A WebSocket is not covered by the browser's same-origin rule: a page
    // from elsewhere may open one, so an Origin, when sent, must be ours:
    // `http://` and the Host the request names, which must itself be one we
    // answer to (a rebinding page's own name is not, whatever its Host).
    const std::string_view origin = sv(req[http::field::origin]);
    if (origin.empty()) return true;
    constexpr std::string_view scheme = "http://";
    const std::string_view host = sv(req[http::field::host]);
    if (origin.size() <= scheme.size() || !equal_ignoring_case(origin.substr(0, scheme.size()), scheme)) return false;
    const std::string_view origin_host = origin.substr(scheme.size());
    return equal_ignoring_case(origin_host, host) && (o_.token || host_name_allowed(origin_host));
  }

  awaitable<void> session(tcp::socket socket) {
    ++open_;
    struct Release {
      std::size_t& n;
      ~Release() { --n; }
    } release{open_};
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    auto window = std::chrono::steady_clock::now();
    unsigned in_window = 0;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(o_.limits.header_bytes));
      parser.body_limit(o_.limits.body_bytes);
      stream.expires_after(o_.limits.request_timeout);
      beast::error_code ec;
      co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
      if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
          ec == asio::error::connection_reset || ec == asio::error::eof)
        break;
      if (ec) {
        count(&ServerCounters::bad_requests);
        const http::status s = ec == http::error::header_limit   ? http::status::request_header_fields_too_large
                               : ec == http::error::body_limit   ? http::status::payload_too_large
                                                                  : http::status::bad_request;
        Response res = refusal(s, ec.message());
        stream.expires_after(std::chrono::seconds(2));
        co_await http::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
        break;
      }
      Request req = parser.release();
      count(&ServerCounters::requests);
      const auto now = std::chrono::steady_clock::now();
      if (now - window >= std::chrono::seconds(1)) {
        window = now;
        in_window = 0;
      }
      std::optional<Response> res;
      if (++in_window > o_.limits.requests_per_second) {
        res = error(req, http::status::too_many_requests, "too many requests on this connection");
        res->keep_alive(false);
      } else if (std::distance(req.begin(), req.end()) > static_cast<std::ptrdiff_t>(o_.limits.header_fields)) {
        count(&ServerCounters::bad_requests);
        res = error(req, http::status::request_header_fields_too_large, "too many header fields");
        res->keep_alive(false);
      } else if (req.target().size() > o_.limits.target_bytes) {
        count(&ServerCounters::bad_requests);
        res = error(req, http::status::uri_too_long, "request target too long");
        res->keep_alive(false);
      } else if (req.version() >= 11 && req.find(http::field::host) == req.end()) {
        // RFC 9112 3.2: an HTTP/1.1 request without Host is a bad request.
        count(&ServerCounters::bad_requests);
        res = error(req, http::status::bad_request, "an HTTP/1.1 request needs a Host header");
        res->keep_alive(false);
      } else if (!host_allowed(req)) {
        res = error(req, http::status::misdirected_request, "unknown host");
        res->keep_alive(false);
      } else if (o_.token && !authorized(req)) {
        count(&ServerCounters::unauthorized);
        res = error(req, http::status::unauthorized, "missing or wrong bearer token");
        res->set(http::field::www_authenticate, "Bearer");
        res->keep_alive(false);  // nothing more for a client without the token
      } else if (websocket::is_upgrade(req)) {
        if (req.target() != "/ws") {
          res = error(req, http::status::not_found, "no WebSocket here (try /ws)");
        } else if (!origin_allowed(req)) {
          res = error(req, http::status::forbidden, "cross-origin WebSocket refused");
        } else {
          stream.expires_never();
          co_await ws_session(std::move(stream), std::move(req));
          co_return;
        }
      } else {
        res = router_.handle(req);
      }
      strip_head_body(req, *res);
      const bool keep = res->keep_alive();
      stream.expires_after(o_.limits.request_timeout);
      co_await http::async_write(stream, *res, asio::redirect_error(use_awaitable, ec));
      if (ec || !keep) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }


  awaitable<void> ws_session(beast::tcp_stream stream, Request req) {
    auto c = std::make_shared<WsClient>(std::move(stream));
    websocket::stream_base::timeout to{};
    to.handshake_timeout = std::chrono::seconds(10);
    to.idle_timeout = std::chrono::seconds(60);
    to.keep_alive_pings = true;
    c->ws.set_option(to);
    c->ws.read_message_max(o_.limits.ws_message_bytes);
    // A client that offers subprotocols (the live page: `drillsim` and its
    // token) is answered with `drillsim`, never with the token.
    const bool protocol = offers_drillsim_protocol(sv(req[http::field::sec_websocket_protocol]));
    c->ws.set_option(websocket::stream_base::decorator([protocol](websocket::response_type& res) {
      res.set(http::field::server, "drillsim");
      if (protocol) res.set(http::field::sec_websocket_protocol, beast::string_view(kWsProtocol.data(), kWsProtocol.size()));
    }));
    beast::error_code ec;
    co_await c->ws.async_accept(req, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;
    count(&ServerCounters::ws_clients);
    clients_.push_back(c);
    c->wake.expires_at(std::chrono::steady_clock::time_point::max());
    asio::co_spawn(*ioc_, ws_writer(c), asio::detached);
    beast::flat_buffer buffer;
    bool first = true;  // a subscription replaced waits for the next push
    for (;;) {
      buffer.clear();
      co_await c->ws.async_read(buffer, asio::redirect_error(use_awaitable, ec));
      if (ec) break;
      if (!c->ws.got_text()) {
        c->close_reason = "subscriptions are text";
        break;
      }
      auto sub = parse_subscription(beast::buffers_to_string(buffer.data()));
      if (!sub) {
        c->close_reason = "expected {\"subscribe\": {...}}";
        break;
      }
      c->sub = std::move(*sub);
      c->wants_snapshot = true;
      c->pending.clear();
      c->snapshot.reset();
      if (std::exchange(first, false)) push_soon();
    }
    if (c->close_reason && !c->closed) {
      c->closed = true;
      // The writer may be mid-write; a close frame goes out after it.
      c->wake.cancel();
      co_await c->ws.async_close(websocket::close_reason(websocket::close_code::policy_error, *c->close_reason),
                                 asio::redirect_error(use_awaitable, ec));
    }
    c->closed = true;
    c->wake.cancel();
    clients_.remove(c);
  }

  /// The client's id of global series `id`, giving the next one to a new
  /// series it subscribes to; -1 if it does not.
  std::int32_t client_id(WsClient& c, const SeriesMeta& meta) {
    if (meta.id >= c.ids.size()) c.ids.resize(meta.id + 1, -2);
    std::int32_t& slot = c.ids[meta.id];
    if (slot == -2) slot = c.sub->matches(meta) ? c.next_id++ : -1;
    return slot;
  }

  /// The pending updates as one `update` message, filtered and coalesced:
  /// the latest state of each row, point and ship position among them.
  std::string format_updates(WsClient& c) {
    const auto& pending = c.pending;
    std::string o = "{\"type\":\"update\",\"run\":" + pending.back()->run_json;
    // The headline measures, the latest among the waiting updates, if any
    // of them changed them.
    for (auto u = pending.rbegin(); u != pending.rend(); ++u)
      if ((*u)->measures) {
        o += ",\"measures\":";
        o += *(*u)->measures;
        break;
      }
    if (c.sub->timeline) {
      o += ",\"activities\":[";
      std::map<std::uint64_t, const ActivityRow*> rows;
      std::optional<std::uint64_t> next;
      for (const auto& u : pending) {
        for (const ActivityRow& r : u->rows) rows[r.id] = &r;
        if (u->rows_next && (!next || *u->rows_next < *next)) next = u->rows_next;
      }
      bool first = true;
      for (const auto& [id, r] : rows) {
        if (!first) o += ',';
        first = false;
        o += '[' + std::to_string(r->id) + ',' + std::to_string(r->unit) + ',' + std::to_string(r->kind) + ',' +
             std::to_string(r->start_us) + ',' + (r->end_us ? std::to_string(*r->end_us) : "null") + ',';
        o += r->related ? io::json_quote(*r->related) : "null";
        o += ']';
      }
      o += ']';
      if (next) o += ",\"activities_next\":" + std::to_string(*next);
    }
    if (c.sub->tracks) {
      // The latest position of each ship that moved, for the map.
      std::vector<TrackPoint> tracks;
      std::map<models::ShipId, std::size_t> at;  // index in tracks
      for (const auto& u : pending)
        for (const TrackPoint& p : u->tracks) {
          const auto [it, fresh] = at.try_emplace(p.ship, tracks.size());
          if (fresh)
            tracks.push_back(p);
          else
            tracks[it->second] = p;
        }
      if (!tracks.empty()) {
        o += ",\"tracks\":";
        append_tracks_json(o, tracks);
      }
    }
    if (c.sub->messages) {
      // Events in order; past the first update that left some out, the
      // rest are the cursor's to fetch.
      o += ",\"messages\":[";
      bool first = true;
      std::uint64_t skipped = 0;
      std::optional<std::uint64_t> next;
      for (const auto& u : pending) {
        if (next) {
          skipped += u->messages_skipped + u->message_count;
          continue;
        }
        skipped += u->messages_skipped;
        next = u->messages_next;
        if (u->messages_json.empty()) continue;
        if (!first) o += ',';
        first = false;
        o += u->messages_json;
      }
      o += "],\"messages_skipped\":" + std::to_string(skipped);
      if (next) o += ",\"messages_next\":" + std::to_string(*next);
    }
    // The latest point of each series, by client series id; new series
    // with their description.
    std::map<std::int32_t, const Update::Point*> points;
    std::map<std::int32_t, const SeriesMeta*> fresh;
    for (const auto& u : pending) {
      for (const auto& meta : u->new_series) {
        const std::int32_t id = client_id(c, *meta);
        if (id >= 0) fresh[id] = meta.get();
      }
      for (const Update::Point& p : u->points)
        if (p.series < c.ids.size() && c.ids[p.series] >= 0) points[c.ids[p.series]] = &p;
    }
    o += ",\"series\":[";
    bool first = true;
    const auto entry = [&](std::int32_t id, const Update::Point* p) {
      if (!first) o += ',';
      first = false;
      o += "{\"id\":" + std::to_string(id);
      // A new series: its description, as the snapshot's entries have it.
      const auto f = fresh.find(id);
      if (f != fresh.end()) {
        o += ',';
        append_series_description(o, *f->second);
      }
      o += ",\"points\":[";
      if (p) {
        o += '[' + std::to_string(p->t_us) + ',';
        number(o, p->value);
        o += ']';
      }
      o += ']';
      if (f != fresh.end()) append_series_reference(o, *f->second);
      o += '}';
    };
    // Ids ascending: a new series without a point yet still comes with its
    // description, so a later point finds it known.
    auto pi = points.begin();
    auto fi = fresh.begin();
    while (pi != points.end() || fi != fresh.end()) {
      if (fi == fresh.end() || (pi != points.end() && pi->first < fi->first)) {
        entry(pi->first, pi->second);
        ++pi;
      } else if (pi == points.end() || fi->first < pi->first) {
        entry(fi->first, nullptr);
        ++fi;
      } else {
        entry(pi->first, pi->second);
        ++pi;
        ++fi;
      }
    }
    o += "]}";
    return o;
  }

  /// The client's waiting updates as one message, rendered once for every
  /// client with an equal subscription and the same updates waiting. A
  /// client's series ids are the ranks of its series among the hub's that
  /// match, so they agree.
  std::shared_ptr<const std::string> shared_update(WsClient& c) {
    for (const SharedUpdate& e : shared_updates_)
      if (*e.sub == *c.sub && e.pending == c.pending) {
        for (const auto& u : c.pending)
          for (const auto& meta : u->new_series) client_id(c, *meta);
        return e.text;
      }
    auto text = std::make_shared<const std::string>(format_updates(c));
    count(&ServerCounters::ws_updates_rendered);
    shared_updates_.push_back({c.sub, c.pending, text});
    return text;
  }

  awaitable<void> ws_writer(std::shared_ptr<WsClient> c) {
    beast::error_code ec;
    for (;;) {
      if (c->closed) co_return;
      std::vector<std::shared_ptr<const std::string>> out;
      const std::string* update = nullptr;
      if (c->snapshot) out.push_back(std::move(c->snapshot));
      if (c->sub && !c->pending.empty() && !c->wants_snapshot) {
        if (c->pending.back()->ended) c->end_due = true;
        out.push_back(shared_update(*c));
        update = out.back().get();
        c->pending.clear();
      }
      if (c->sub && !c->wants_snapshot && c->end_due && !c->end_sent) {
        c->end_sent = true;
        out.push_back(std::make_shared<const std::string>("{\"type\":\"end\",\"run\":" + c->last->run_json + "}"));
      }
      if (out.empty()) {
        co_await c->wake.async_wait(asio::redirect_error(use_awaitable, ec));
        c->wake.expires_at(std::chrono::steady_clock::time_point::max());
        continue;
      }
      c->writing = true;
      c->writing_since = std::chrono::steady_clock::now();
      for (const auto& m : out) {
        c->ws.text(true);
        co_await c->ws.async_write(asio::buffer(*m), asio::redirect_error(use_awaitable, ec));
        if (ec) break;
        count(&ServerCounters::ws_pushes);
        if (m.get() == update) count(&ServerCounters::ws_updates_sent);
      }
      c->writing = false;
      if (ec) {
        c->closed = true;
        note_end_told();
        co_return;
      }
      c->drops_in_a_row = 0;
      if (c->end_sent) note_end_told();
    }
  }

  /// A client that subscribes gets its snapshot within `join_delay`, not at
  /// the next interval's push: a push then, whose update the clients already
  /// there get too; clients subscribing within the delay share it.
  void push_soon() {
    if (join_due_) return;
    join_due_ = true;
    asio::co_spawn(*ioc_, join_push(), asio::detached);
  }

  awaitable<void> join_push() {
    asio::steady_timer timer(*ioc_);
    timer.expires_after(o_.join_delay);
    beast::error_code ec;
    co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
    join_due_ = false;
    if (!ec) push();
  }

  awaitable<void> push_loop() {
    asio::steady_timer timer(*ioc_);
    for (;;) {
      timer.expires_after(o_.push_interval);
      beast::error_code ec;
      co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
      if (ec) co_return;
      push();
    }
  }

  void push() {
    std::vector<std::shared_ptr<WsClient>> fresh;
    std::vector<const Subscription*> subs;
    for (const auto& c : clients_)
      if (!c->closed && c->sub && c->wants_snapshot && !c->writing) {
        fresh.push_back(c);
        subs.push_back(&*c->sub);
      }
    // What the clients want of the next update: what none wants is not
    // journalled, nor rendered into it.
    std::vector<const Subscription*> all;
    for (const auto& c : clients_)
      if (!c->closed && c->sub) all.push_back(&*c->sub);
    Hub::Take t = hub_.take(subs, Hub::Interest::of(all));
    // One rendering of this push per subscription, shared by the clients
    // that have nothing else waiting (the usual case).
    shared_updates_.clear();
    for (std::size_t i = 0; i < fresh.size(); ++i) {
      WsClient& c = *fresh[i];
      c.wants_snapshot = false;
      c.pending.clear();
      c.snapshot = t.snapshots[i];
      // Series ids: the snapshot's order (the hub's, filtered), then new
      // ones in the order they come.
      c.ids.assign(t.series_count, -1);
      c.next_id = 0;
      for (std::uint32_t id : t.snapshot_series[i]) c.ids[id] = c.next_id++;
      c.end_sent = false;
      c.end_due = t.update->ended;
    }
    const auto now = std::chrono::steady_clock::now();
    for (const auto& cp : clients_) {
      WsClient& c = *cp;
      if (c.closed || !c.sub) continue;
      c.last = t.update;
      // A client told of the end has been sent everything: `end` is its
      // last message (until it subscribes again: a snapshot, then the end).
      if (std::find(fresh.begin(), fresh.end(), cp) == fresh.end()) {
        if (!c.wants_snapshot && !c.end_sent) c.pending.push_back(t.update);
      }
      if (c.writing && now - c.writing_since > o_.limits.ws_write_timeout) {
        close_slow(c, "too slow: a write took longer than the limit");
        continue;
      }
      if (c.pending.size() > o_.limits.ws_queue_updates) {
        // Coalescing has reached its bound: drop, and start again from a
        // snapshot once the client has caught up.
        c.pending.clear();
        c.wants_snapshot = true;
        count(&ServerCounters::ws_drops);
        if (++c.drops_in_a_row >= o_.limits.ws_drops_before_close) {
          close_slow(c, "too slow: updates dropped repeatedly");
          continue;
        }
      }
      c.wake.cancel();
    }
    if (t.update->ended) {
      run_ended_ = true;
      note_end_told();
    }
  }

  /// Closes every WebSocket with 1001 (going away); clients_closed_ once
  /// every close handshake has finished (or failed).
  void close_clients() {
    for (const auto& c : clients_) {
      if (c->closed) continue;
      c->closed = true;
      c->pending.clear();
      c->wake.cancel();
      ++closing_;
      asio::co_spawn(*ioc_, close_going_away(c), asio::detached);
    }
    if (closing_ == 0) clients_closed_.store(true);
  }

  awaitable<void> close_going_away(std::shared_ptr<WsClient> c) {
    beast::error_code ec;
    // After the write under way, if any (the stream queues the close).
    co_await c->ws.async_close(websocket::close_reason(websocket::close_code::going_away, "the server is stopping"),
                               asio::redirect_error(use_awaitable, ec));
    if (--closing_ == 0) clients_closed_.store(true);
  }

  /// Every subscribed client has been sent the end (or is gone).
  void note_end_told() {
    if (!run_ended_) return;
    for (const auto& c : clients_)
      if (!c->closed && c->sub && (!c->end_sent || c->writing)) return;
    end_pushed_.store(true);
  }

  void close_slow(WsClient& c, const char* reason) {
    count(&ServerCounters::ws_closed_slow);
    c.closed = true;
    c.pending.clear();
    // A client that does not read cannot take a close frame either: the
    // socket is closed, which ends its pending operations.
    (void)reason;
    beast::error_code ec;
    beast::get_lowest_layer(c.ws).socket().close(ec);
    c.wake.cancel();
  }

  Hub& hub_;
  ServerOptions o_;
  engine::RunControl* control_;
  std::uint16_t port_ = 0;
  Router router_;
  std::size_t open_ = 0;  // connections open (the io thread's)
  std::list<std::shared_ptr<WsClient>> clients_;
  std::atomic<bool> end_pushed_{false};
  std::atomic<bool> clients_closed_{false};  // stop(): every WebSocket closed
  std::size_t closing_ = 0;                   // close handshakes under way (the io thread's)
  bool run_ended_ = false;  // the io thread's
  bool join_due_ = false;   // a push for subscribing clients is due (the io thread's)
  /// This push's renderings: clients with an equal subscription and the
  /// same updates waiting (the usual case: one) share one text.
  struct SharedUpdate {
    std::optional<Subscription> sub;
    std::vector<std::shared_ptr<const Update>> pending;
    std::shared_ptr<const std::string> text;
  };
  std::vector<SharedUpdate> shared_updates_;
  mutable std::mutex counters_m_;
  ServerCounters counters_;
  std::unique_ptr<asio::io_context> ioc_ = std::make_unique<asio::io_context>(1);
  std::optional<tcp::acceptor> acceptor_;
  std::thread thread_;
};

Server::Server(Hub& hub, ServerOptions options, engine::RunControl* control)
    : impl_(std::make_unique<Impl>(hub, std::move(options), control)) {}
Server::~Server() = default;
std::uint16_t Server::port() const noexcept { return impl_->port(); }
std::string Server::url() const { return impl_->url(); }
void Server::stop(std::chrono::milliseconds wait) { impl_->stop(wait); }
ServerCounters Server::counters() const { return impl_->counters(); }

}  // namespace drill::server
