// The live server on loopback, with real sockets: every endpoint, the
// token, the control endpoint, the limits (malformed requests, oversized
// headers and bodies, a slow-loris, a flood of connections, too many
// requests, bad and oversized WebSocket frames, a client that never reads)
// and WebSocket subscriptions. Each hostile client is answered as the
// server promises and the server goes on answering others.
#include "models/entity_kinds.hpp"
#include "server/server.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "core/metrics/collector.hpp"
#include "report/page/report_page.hpp"

namespace drill::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
namespace cm = core::metrics;

/// A socket to the server with a receive time-out, so no test can hang.
tcp::socket connect(asio::io_context& ioc, std::uint16_t port) {
  tcp::socket s(ioc);
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  timeval tv{.tv_sec = 10, .tv_usec = 0};
  setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return s;
}

/// Everything the server sends until it closes the connection (or 10 s).
std::string read_all(tcp::socket& s) {
  std::string out;
  char buf[4096];
  for (;;) {
    boost::system::error_code ec;
    const std::size_t n = s.read_some(asio::buffer(buf), ec);
    out.append(buf, n);
    if (ec) break;
  }
  return out;
}

struct Answer {
  unsigned status = 0;
  std::string body;
  std::string content_type;
  std::string www_authenticate;
};

Answer request(std::uint16_t port, http::verb verb, const std::string& target, const std::string& token = "",
               const std::string& body = "") {
  asio::io_context ioc;
  tcp::socket s = connect(ioc, port);
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
  req.body() = body;
  req.prepare_payload();
  http::write(s, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(s, buffer, res);
  Answer a;
  a.status = res.result_int();
  a.body = res.body();
  a.content_type = std::string(res[http::field::content_type]);
  a.www_authenticate = std::string(res[http::field::www_authenticate]);
  return a;
}

Answer get(std::uint16_t port, const std::string& target, const std::string& token = "") {
  return request(port, http::verb::get, target, token);
}

/// A hub with one counter per unit and a run's facts.
struct Fixture {
  Fixture() {
    RunFacts f;
    f.drill = "Test drill";
    f.seed = 7;
    f.horizon_us = 1000;
    hub.set_facts(f);
    m = c.describe(cm::Descriptor{.name = "sorties_flown",
                                  .help = "Sorties flown.",
                                  .labels = {models::kind::unit},
                                  .kind = cm::InstrumentKind::counter});
    for (int i = 0; i < 3; ++i)
      counters.push_back(&c.counter(m, {c.names().add<models::kind::unit>("u" + std::to_string(i))}));
    publish(0);
  }
  void publish(std::int64_t t) {
    const cm::Changes& ch = c.changes(core::SimTime::from_ticks(t));
    Publication p;
    p.now_us = t;
    p.sample.emplace(SampleCopy{ch.time(), ch.since(), ch.shared_catalog(), {ch.changed().begin(), ch.changed().end()}});
    hub.publish(std::move(p));
  }
  Hub hub;
  cm::Collector c{models::entity_kinds()};
  cm::MeasureId m;
  std::vector<cm::Counter*> counters;
};

ServerOptions quick() {
  ServerOptions o;
  o.push_interval = std::chrono::milliseconds(50);
  o.limits.request_timeout = std::chrono::milliseconds(500);
  return o;
}

TEST(Server, AnswersEveryEndpoint) {
  Fixture f;
  Server server(f.hub, quick());
  ASSERT_NE(server.port(), 0);
  EXPECT_EQ(server.url(), "http://127.0.0.1:" + std::to_string(server.port()) + "/");
  Answer a = get(server.port(), "/api/run");
  EXPECT_EQ(a.status, 200u);
  EXPECT_EQ(a.content_type, "application/json");
  EXPECT_NE(a.body.find("\"drill\":\"Test drill\""), std::string::npos) << a.body;
  EXPECT_NE(a.body.find("\"seed\":\"7\""), std::string::npos) << a.body;
  a = get(server.port(), "/metrics");
  EXPECT_EQ(a.status, 200u);
  EXPECT_EQ(a.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(a.body.find("drill_sorties_flown_total{unit=\"u1\"} 0"), std::string::npos) << a.body;
  EXPECT_NE(a.body.find("drillsim_run_sim_time_seconds 0"), std::string::npos) << a.body;
  a = get(server.port(), "/api/series?metric=drill_sorties_flown_total&label=unit:u2");
  EXPECT_EQ(a.status, 200u);
  EXPECT_NE(a.body.find("\"labels\":{\"unit\":\"u2\"},\"points\":[[0,0]]"), std::string::npos) << a.body;
  EXPECT_EQ(get(server.port(), "/api/series").status, 400u);
  EXPECT_EQ(get(server.port(), "/api/series?metric=x&label=nocolon").status, 400u);
  EXPECT_EQ(get(server.port(), "/api/timeline?since=0&limit=5").body, "{\"activities\":[],\"next\":null}");
  EXPECT_EQ(get(server.port(), "/api/timeline?limit=0").status, 400u);
  EXPECT_EQ(get(server.port(), "/api/summary").status, 200u);
  EXPECT_NE(get(server.port(), "/api/dashboard").body.find("drillsim-dashboard"), std::string::npos);
  // The page: exactly the embedded assets, nothing else.
  const auto assets = report::page::assets();
  ASSERT_FALSE(assets.empty());
  a = get(server.port(), std::string(assets[0].path));
  EXPECT_EQ(a.status, 200u);
  EXPECT_EQ(a.body, assets[0].body);
  EXPECT_EQ(get(server.port(), "/index.html.bak").status, 404u);
  EXPECT_EQ(get(server.port(), "/../../etc/passwd").status, 400u);
  EXPECT_EQ(get(server.port(), "/etc/passwd").status, 404u);
  // No control without a token; no other methods.
  EXPECT_EQ(request(server.port(), http::verb::post, "/api/control", "", "{\"action\":\"pause\"}").status, 404u);
  EXPECT_EQ(request(server.port(), http::verb::delete_, "/api/run").status, 405u);
}

TEST(Server, NoCrossOriginHeadersAndForeignHostsAreRefused) {
  Fixture f;
  Server server(f.hub, quick());
  asio::io_context ioc;
  tcp::socket s = connect(ioc, server.port());
  const std::string req =
      "GET /api/run HTTP/1.1\r\nHost: evil.example:80\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n";
  asio::write(s, asio::buffer(req));
  const std::string answer = read_all(s);
  EXPECT_EQ(answer.rfind("HTTP/1.1 421", 0), 0u) << answer;
  EXPECT_EQ(answer.find("Access-Control"), std::string::npos);
}

/// The head of what the server answers to raw request text (its status
/// line and headers).
std::string raw_exchange(std::uint16_t port, const std::string& request) {
  asio::io_context ioc;
  tcp::socket s = connect(ioc, port);
  asio::write(s, asio::buffer(request));
  std::string head;
  boost::system::error_code ec;
  asio::read_until(s, asio::dynamic_buffer(head), "\r\n\r\n", ec);
  return head;
}

// The DNS-rebinding defence: without a token only a loopback address, the
// name localhost (in any case) or the bound address may be the Host, for
// requests and WebSocket upgrades alike; a name that merely starts like a
// loopback address is its owner's, who may resolve it to 127.0.0.1.
TEST(Server, OnlyLoopbackHostsAreAnsweredWithoutAToken) {
  Fixture f;
  Server server(f.hub, quick());
  const std::string port = std::to_string(server.port());
  const auto status_for = [&](const std::string& host, const std::string& extra = "") {
    const std::string a = raw_exchange(server.port(), "GET /api/run HTTP/1.1\r\nHost: " + host + "\r\n" + extra +
                                                          "Connection: close\r\n\r\n");
    return a.substr(0, 12);
  };
  for (const std::string& host : std::vector<std::string>{"127.attacker.example:" + port, "127.0.0.1.evil.example", "127.attacker.example",
                                 "localhost.evil.example:" + port, "[::2]:" + port})
    EXPECT_EQ(status_for(host), "HTTP/1.1 421") << host;
  for (const std::string& host : std::vector<std::string>{"127.0.0.1:" + port, "127.0.0.1", "LOCALHOST:" + port, "localhost", "[::1]:" + port,
                                 "127.1.2.3:" + port})
    EXPECT_EQ(status_for(host), "HTTP/1.1 200") << host;
  // A WebSocket upgrade from a rebinding page: its Host and Origin agree,
  // and name the attacker.
  const std::string upgrade =
      "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
      "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
  std::string a = raw_exchange(server.port(), upgrade + "Host: 127.attacker.example:" + port +
                                                  "\r\nOrigin: http://127.attacker.example:" + port + "\r\n\r\n");
  EXPECT_EQ(a.rfind("HTTP/1.1 421", 0), 0u) << a;
  a = raw_exchange(server.port(), upgrade + "Host: 127.0.0.1:" + port + "\r\nOrigin: http://127.attacker.example:" +
                                      port + "\r\n\r\n");
  EXPECT_EQ(a.rfind("HTTP/1.1 403", 0), 0u) << a;
  a = raw_exchange(server.port(), upgrade + "Host: localhost:" + port + "\r\nOrigin: http://LOCALHOST:" + port +
                                      "\r\n\r\n");
  EXPECT_EQ(a.rfind("HTTP/1.1 101", 0), 0u) << a;
}

// RFC 9110 and 9112: a 405 names the methods allowed; an HTTP/1.1 request
// without Host is a bad request (HTTP/1.0 may leave it out).
TEST(Server, A405SaysWhatIsAllowedAndHttp11NeedsAHost) {
  Fixture f;
  ServerOptions o = quick();
  o.token = "s3cret-token";
  engine::RunControl control;
  Server server(f.hub, o, &control);
  const std::string auth = "Authorization: Bearer s3cret-token\r\nConnection: close\r\n";
  const std::string host = "Host: 127.0.0.1\r\n";
  std::string a = raw_exchange(server.port(), "POST /api/run HTTP/1.1\r\n" + host + auth + "Content-Length: 0\r\n\r\n");
  EXPECT_EQ(a.rfind("HTTP/1.1 405", 0), 0u) << a;
  EXPECT_NE(a.find("\r\nAllow: GET, HEAD\r\n"), std::string::npos) << a;
  a = raw_exchange(server.port(), "GET /api/control HTTP/1.1\r\n" + host + auth + "\r\n");
  EXPECT_EQ(a.rfind("HTTP/1.1 405", 0), 0u) << a;
  EXPECT_NE(a.find("\r\nAllow: POST\r\n"), std::string::npos) << a;
  a = raw_exchange(server.port(), "GET /api/run HTTP/1.1\r\n" + auth + "\r\n");
  EXPECT_EQ(a.rfind("HTTP/1.1 400", 0), 0u) << a;
  a = raw_exchange(server.port(), "GET /api/run HTTP/1.0\r\n" + auth + "\r\n");
  EXPECT_TRUE(a.rfind("HTTP/1.1 200", 0) == 0 || a.rfind("HTTP/1.0 200", 0) == 0) << a;
}

// The control's errors are JSON with their quotes escaped, and a run that
// has ended is not steered: 409, its pace and status as they were.
TEST(Server, ControlErrorsAreJsonAndAnEndedRunIsNotSteered) {
  Fixture f;
  ServerOptions o = quick();
  o.token = "s3cret-token";
  engine::RunControl control;
  control.set_pace(3600.0);
  f.hub.set_pace(3600.0);
  Server server(f.hub, o, &control);
  const auto post = [&](const std::string& body) {
    return request(server.port(), http::verb::post, "/api/control", "s3cret-token", body);
  };
  Answer a = post("{\"action\":\"stop\"}");
  EXPECT_EQ(a.status, 400u);
  EXPECT_EQ(a.body, "{\"error\":\"expected {\\\"action\\\": \\\"pause\\\"|\\\"resume\\\"|\\\"pace\\\", \\\"pace\\\": N|null}\"}\n");
  f.hub.finish(RunState::completed, "0011223344556677", 3, 0.5);
  for (const std::string body : {"{\"action\":\"pace\",\"pace\":600}", "{\"action\":\"pause\"}", "{\"action\":\"resume\"}"}) {
    a = post(body);
    EXPECT_EQ(a.status, 409u) << body;
    EXPECT_NE(a.body.find("the run has ended"), std::string::npos) << a.body;
  }
  EXPECT_EQ(control.pace(), 3600.0);
  EXPECT_FALSE(control.paused());
  a = get(server.port(), "/api/run", "s3cret-token");
  EXPECT_NE(a.body.find("\"status\":\"completed\""), std::string::npos) << a.body;
  EXPECT_NE(a.body.find("\"pace\":3600"), std::string::npos) << a.body;
}

TEST(Server, ATokenGuardsEveryRequestAndTheControl) {
  Fixture f;
  ServerOptions o = quick();
  o.token = "s3cret-token";
  engine::RunControl control;
  Server server(f.hub, o, &control);
  Answer a = get(server.port(), "/api/run");
  EXPECT_EQ(a.status, 401u);
  EXPECT_EQ(a.www_authenticate, "Bearer");
  EXPECT_EQ(get(server.port(), "/metrics", "wrong").status, 401u);
  EXPECT_EQ(get(server.port(), "/api/dashboard", "s3cret-token-and-more").status, 401u);
  EXPECT_EQ(get(server.port(), "/api/run", "s3cret-token").status, 200u);
  // The page and its files hold nothing of the run: a browser loads them
  // without the header (it cannot send one), and the page carries the token.
  EXPECT_EQ(get(server.port(), "/").status, 200u);
  EXPECT_EQ(get(server.port(), "/assets/report.js").status, 200u);
  EXPECT_EQ(get(server.port(), "/assets/nothing.js").status, 401u);
  // The WebSocket upgrade too.
  {
    asio::io_context ioc;
    websocket::stream<tcp::socket> ws(ioc);
    ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
    websocket::response_type res;
    beast::error_code ec;
    ws.handshake(res, "127.0.0.1", "/ws", ec);
    EXPECT_EQ(ec, websocket::error::upgrade_declined);
  }
  // The page's way: the token offered as a subprotocol beside 'drillsim',
  // answered with 'drillsim' (never the token); a wrong one is refused.
  for (const std::string offered : {"drillsim, drillsim.bearer.s3cret-token", "drillsim, drillsim.bearer.s3cret"}) {
    asio::io_context ioc;
    websocket::stream<tcp::socket> ws(ioc);
    ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
    ws.set_option(websocket::stream_base::decorator(
        [&](websocket::request_type& req) { req.set(http::field::sec_websocket_protocol, offered); }));
    websocket::response_type res;
    beast::error_code ec;
    ws.handshake(res, "127.0.0.1", "/ws", ec);
    if (offered.ends_with("s3cret-token")) {
      EXPECT_FALSE(ec) << ec.message();
      EXPECT_EQ(res[http::field::sec_websocket_protocol], "drillsim");
      ws.close(websocket::close_code::normal, ec);
    } else {
      EXPECT_EQ(ec, websocket::error::upgrade_declined);
    }
  }
  const auto post = [&](const std::string& body) {
    return request(server.port(), http::verb::post, "/api/control", "s3cret-token", body);
  };
  EXPECT_EQ(request(server.port(), http::verb::post, "/api/control", "", "{\"action\":\"pause\"}").status, 401u);
  EXPECT_FALSE(control.paused());
  a = post("{\"action\":\"pause\"}");
  EXPECT_EQ(a.status, 200u);
  EXPECT_TRUE(control.paused());
  EXPECT_NE(a.body.find("\"status\":\"paused\""), std::string::npos) << a.body;
  EXPECT_EQ(post("{\"action\":\"resume\"}").status, 200u);
  EXPECT_FALSE(control.paused());
  a = post("{\"action\":\"pace\",\"pace\":600}");
  EXPECT_EQ(a.status, 200u);
  EXPECT_EQ(control.pace(), 600.0);
  EXPECT_NE(a.body.find("\"pace\":600"), std::string::npos) << a.body;
  EXPECT_EQ(post("{\"action\":\"pace\",\"pace\":null}").status, 200u);
  EXPECT_FALSE(control.pace());
  EXPECT_EQ(post("{\"action\":\"pace\",\"pace\":-1}").status, 400u);
  EXPECT_EQ(post("{\"action\":\"explode\"}").status, 400u);
  EXPECT_EQ(post("not json").status, 400u);
  EXPECT_EQ(request(server.port(), http::verb::get, "/api/control", "s3cret-token").status, 405u);
  EXPECT_GE(server.counters().unauthorized, 5u);
}

TEST(Server, MalformedAndOversizedRequestsCloseTheirConnectionOnly) {
  Fixture f;
  Server server(f.hub, quick());
  asio::io_context ioc;
  const auto raw = [&](const std::string& bytes) {
    tcp::socket s = connect(ioc, server.port());
    boost::system::error_code ec;
    asio::write(s, asio::buffer(bytes), ec);
    return read_all(s);  // returns once the server has closed
  };
  EXPECT_EQ(raw("GARBAGE\r\n\r\n").rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_EQ(raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n").rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_EQ(raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n")
                .rfind("HTTP/1.1 431", 0),
            0u);
  std::string many = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < 100; ++i) many += "X-F" + std::to_string(i) + ": 1\r\n";
  EXPECT_EQ(raw(many + "\r\n").rfind("HTTP/1.1 431", 0), 0u);
  EXPECT_EQ(raw("GET /" + std::string(4000, 'a') + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").rfind("HTTP/1.1 414", 0), 0u);
  EXPECT_EQ(raw("POST /api/control HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n" +
                std::string(100000, 'x'))
                .rfind("HTTP/1.1 413", 0),
            0u);
  // The server is unharmed.
  EXPECT_EQ(get(server.port(), "/api/run").status, 200u);
  EXPECT_GE(server.counters().bad_requests, 6u);
}

TEST(Server, HeadAnswersCarryNoBodyEvenWhenTheyAreErrors) {
  // Found by fuzz_server_router: a HEAD answered 404 (or 405) carried its
  // error body, which a client on a kept-alive connection reads as the
  // start of the next response.
  Fixture f;
  Server server(f.hub, quick());
  asio::io_context ioc;
  tcp::socket s = connect(ioc, server.port());
  const std::string host = "Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n";
  asio::write(s, asio::buffer("HEAD /no-such-page HTTP/1.1\r\n" + host + "\r\n" +
                              "HEAD /api/control HTTP/1.1\r\n" + host + "\r\n" +
                              "HEAD /api/run HTTP/1.1\r\n" + host + "\r\n" +
                              "GET /api/run HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n"));
  beast::flat_buffer buffer;
  std::vector<unsigned> statuses;
  for (int i = 0; i < 3; ++i) {
    http::response_parser<http::empty_body> head;
    head.skip(true);  // a HEAD answer: a length, no body
    http::read(s, buffer, head);
    statuses.push_back(head.get().result_int());
    EXPECT_NE(head.get()[http::field::content_length], "0") << i;
  }
  http::response<http::string_body> last;
  http::read(s, buffer, last);
  EXPECT_EQ(statuses, (std::vector<unsigned>{404, 404, 200}));
  EXPECT_EQ(last.result_int(), 200u);
  EXPECT_EQ(last.body().front(), '{') << last.body();
}

TEST(Server, ASlowLorisIsCutOffAtTheRequestTimeout) {
  Fixture f;
  Server server(f.hub, quick());  // 500 ms for a whole request
  asio::io_context ioc;
  tcp::socket s = connect(ioc, server.port());
  asio::write(s, asio::buffer(std::string("GET /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\n")));
  // A byte now and then, never the end of the header.
  boost::system::error_code ec;
  for (int i = 0; i < 40 && !ec; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    asio::write(s, asio::buffer(std::string("X-A: b\r\n")), ec);
  }
  const std::string rest = read_all(s);
  EXPECT_TRUE(ec || rest.empty() || rest.rfind("HTTP/1.1 4", 0) == 0) << rest;
  EXPECT_EQ(rest.find("Test drill"), std::string::npos);  // never answered
  EXPECT_EQ(get(server.port(), "/api/run").status, 200u);
}

TEST(Server, AFloodOfConnectionsIsHeldToTheLimit) {
  Fixture f;
  ServerOptions o = quick();
  o.limits.connections = 4;
  o.limits.request_timeout = std::chrono::milliseconds(3000);
  Server server(f.hub, o);
  asio::io_context ioc;
  std::vector<tcp::socket> held;
  for (int i = 0; i < 4; ++i) held.push_back(connect(ioc, server.port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  for (int i = 0; i < 10; ++i) {
    tcp::socket extra = connect(ioc, server.port());
    asio::write(extra, asio::buffer(std::string("GET /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")));
    EXPECT_EQ(read_all(extra), "");  // closed unanswered
  }
  EXPECT_GE(server.counters().rejected_connections, 10u);
  held.clear();
  // Slots free again once those close.
  bool answered = false;
  for (int i = 0; i < 50 && !answered; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    try {
      answered = get(server.port(), "/api/run").status == 200;
    } catch (const std::exception&) {
    }
  }
  EXPECT_TRUE(answered);
}

TEST(Server, TooManyRequestsOnOneConnectionAre429ThenClosed) {
  Fixture f;
  ServerOptions o = quick();
  o.limits.requests_per_second = 5;
  Server server(f.hub, o);
  asio::io_context ioc;
  tcp::socket s = connect(ioc, server.port());
  std::string burst;
  for (int i = 0; i < 20; ++i) burst += "GET /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  asio::write(s, asio::buffer(burst));
  const std::string all = read_all(s);
  std::size_t ok = 0;
  for (std::size_t at = all.find("HTTP/1.1 200"); at != std::string::npos; at = all.find("HTTP/1.1 200", at + 1)) ++ok;
  EXPECT_LE(ok, 5u);
  EXPECT_NE(all.find("HTTP/1.1 429"), std::string::npos);
}

// `end` is a client's last message: the pushes after it (here the one a
// second client's subscription brings) send it nothing; when the server
// stops, its clients get a close frame, 1001 (going away), not a dropped
// connection.
TEST(Server, EndIsTheLastMessageThenTheServerSaysGoingAway) {
  Fixture f;
  Server server(f.hub, quick());
  struct Client {
    explicit Client(std::uint16_t port) : ws(ioc) {
      ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
      timeval tv{.tv_sec = 10, .tv_usec = 0};
      setsockopt(ws.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      ws.handshake("127.0.0.1:" + std::to_string(port), "/ws");
      ws.write(asio::buffer(std::string(R"({"subscribe": {"metrics": ["*"]}})")));
    }
    std::string read(beast::error_code& ec) {
      beast::flat_buffer b;
      ws.read(b, ec);
      return beast::buffers_to_string(b.data());
    }
    asio::io_context ioc;
    websocket::stream<tcp::socket> ws;
  };
  Client a(server.port());
  beast::error_code ec;
  EXPECT_EQ(a.read(ec).rfind("{\"type\":\"snapshot\"", 0), 0u);
  f.hub.finish(RunState::completed, "0011223344556677", 3, 0.5);
  std::string m;
  for (int i = 0; i < 50 && !ec && m.rfind("{\"type\":\"end\"", 0) != 0; ++i) m = a.read(ec);
  ASSERT_EQ(m.rfind("{\"type\":\"end\"", 0), 0u) << m;
  Client b(server.port());
  EXPECT_EQ(b.read(ec).rfind("{\"type\":\"snapshot\"", 0), 0u);
  EXPECT_EQ(b.read(ec).rfind("{\"type\":\"end\"", 0), 0u);
  // Read while the server stops (a client that does not answer its close
  // frame in time has its connection closed after it).
  std::vector<std::thread> readers;
  std::string after[2];
  beast::error_code ends[2];
  for (int i = 0; i < 2; ++i)
    readers.emplace_back([&, i] { after[i] = (i == 0 ? a : b).read(ends[i]); });
  server.stop();
  for (std::thread& t : readers) t.join();
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(ends[i]) << after[i];  // nothing but the close
    EXPECT_EQ((i == 0 ? a : b).ws.reason().code, websocket::close_code::going_away);
  }
}

/// A WebSocket client of the server.
struct WsClient {
  explicit WsClient(std::uint16_t port) : ws(ioc) {
    ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    timeval tv{.tv_sec = 10, .tv_usec = 0};
    setsockopt(ws.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ws.handshake("127.0.0.1:" + std::to_string(port), "/ws");
  }
  std::string read() {
    beast::flat_buffer b;
    ws.read(b);
    return beast::buffers_to_string(b.data());
  }
  asio::io_context ioc;
  websocket::stream<tcp::socket> ws;
};

TEST(Server, WebSocketClientsGetASnapshotThenCoalescedUpdatesThenTheEnd) {
  Fixture f;
  Server server(f.hub, quick());
  WsClient c(server.port());
  c.ws.write(asio::buffer(std::string(
      R"({"subscribe": {"metrics": ["drill_sorties_flown_total"], "labels": {"unit": "u1"}, "timeline": true}})")));
  const std::string snapshot = c.read();
  EXPECT_EQ(snapshot.rfind("{\"type\":\"snapshot\"", 0), 0u) << snapshot;
  EXPECT_NE(snapshot.find("{\"id\":0,\"metric\":\"drill_sorties_flown_total\""), std::string::npos) << snapshot;
  EXPECT_NE(snapshot.find("\"unit\":\"u1\""), std::string::npos);
  EXPECT_EQ(snapshot.find("\"unit\":\"u0\""), std::string::npos);  // filtered out
  f.counters[1]->add(4);
  f.counters[0]->add(1);
  f.publish(10);
  f.counters[1]->add(1);
  f.publish(20);
  Publication rows;
  rows.rows.push_back(ActivityRow{.id = 0, .unit = 1, .kind = 2, .start_us = 15});
  f.hub.publish(std::move(rows));
  // Updates come at the push interval; keep reading until both points are in.
  std::string updates;
  for (int i = 0; i < 50 && updates.find("[20,5]") == std::string::npos; ++i) updates += c.read();
  // Coalesced: the latest point of the series (both points went in before
  // one push, or in two), never every point in one update.
  EXPECT_NE(updates.find("{\"id\":0,\"points\":[[20,5]]}"), std::string::npos) << updates;
  EXPECT_EQ(updates.find("[[10,4],[20,5]]"), std::string::npos) << updates;
  EXPECT_NE(updates.find("[0,1,2,15,null,null]"), std::string::npos) << updates;
  f.hub.finish(RunState::completed, "0011223344556677", 3, 0.5);
  std::string last;
  for (int i = 0; i < 50 && last.rfind("{\"type\":\"end\"", 0) != 0; ++i) last = c.read();
  EXPECT_NE(last.find("\"fingerprint\":\"0011223344556677\""), std::string::npos) << last;
}

// A series new since the snapshot comes in an update with its
// description as the snapshot's entries have it: its statistic and help
// too, so a page draws it with its measure's other series.
TEST(Server, ANewSeriesComesWithTheDocumentsDescription) {
  Fixture f;
  Server server(f.hub, quick());
  WsClient c(server.port());
  c.ws.write(asio::buffer(std::string(R"({"subscribe": {"metrics": ["*"]}})")));
  EXPECT_EQ(c.read().rfind("{\"type\":\"snapshot\"", 0), 0u);
  f.c.counter(f.m, {f.c.names().add<models::kind::unit>("u3")}).add(2);
  f.publish(10);
  std::string updates;
  for (int i = 0; i < 50 && updates.find("\"u3\"") == std::string::npos; ++i) updates += c.read();
  EXPECT_NE(updates.find("{\"id\":3,\"metric\":\"drill_sorties_flown_total\",\"measure\":\"sorties_flown\","
                         "\"statistic\":\"value\",\"unit\":\"\",\"kind\":\"counter\",\"help\":\"Sorties flown.\","
                         "\"labels\":{\"unit\":\"u3\"},\"points\":[[10,2]]}"),
            std::string::npos)
      << updates;
}

// A client's first subscription is answered at once (a push within the
// join delay), not at the next interval's push: with an interval of an
// hour the snapshot still comes, and the client already there is sent that
// push's update. A subscription replaced waits for the interval.
TEST(Server, AFirstSubscriptionGetsItsSnapshotWithoutWaitingForTheInterval) {
  Fixture f;
  ServerOptions o = quick();
  o.push_interval = std::chrono::hours(1);
  Server server(f.hub, o);
  const std::string sub = R"({"subscribe": {"metrics": ["*"]}})";
  WsClient a(server.port());
  a.ws.write(asio::buffer(sub));
  EXPECT_EQ(a.read().rfind("{\"type\":\"snapshot\"", 0), 0u);
  f.counters[2]->add(7);
  f.publish(10);
  WsClient b(server.port());
  b.ws.write(asio::buffer(sub));
  const std::string snap_b = b.read();
  EXPECT_EQ(snap_b.rfind("{\"type\":\"snapshot\"", 0), 0u) << snap_b;
  EXPECT_NE(snap_b.find("[10,7]"), std::string::npos) << snap_b;
  const std::string update_a = a.read();
  EXPECT_EQ(update_a.rfind("{\"type\":\"update\"", 0), 0u) << update_a;
  EXPECT_NE(update_a.find("[10,7]"), std::string::npos) << update_a;
  // Replaced: no push for it until the interval; the server still answers.
  a.ws.write(asio::buffer(std::string(R"({"subscribe": {"metrics": ["drill_sorties_flown_total"]}})")));
  std::this_thread::sleep_for(10 * o.join_delay);
  EXPECT_EQ(get(server.port(), "/api/run").status, 200u);
  EXPECT_EQ(server.counters().ws_pushes, 3u);
}

TEST(Server, ClientsWithTheSameSubscriptionShareOneRenderingOfEachUpdate) {
  Fixture f;
  ServerOptions o = quick();
  o.push_interval = std::chrono::milliseconds(100);
  Server server(f.hub, o);
  const std::string sub = R"({"subscribe": {"metrics": ["*"], "timeline": true}})";
  std::vector<std::unique_ptr<WsClient>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<WsClient>(server.port()));
    clients.back()->ws.write(asio::buffer(sub));
  }
  for (auto& c : clients) EXPECT_EQ(c->read().rfind("{\"type\":\"snapshot\"", 0), 0u);
  for (int round = 0; round < 5; ++round) {
    f.counters[1]->add(1);
    f.publish(10 * (round + 1));
    std::vector<std::string> texts;
    for (auto& c : clients) texts.push_back(c->read());
    EXPECT_EQ(texts[0].rfind("{\"type\":\"update\"", 0), 0u) << texts[0];
  }
  // The server counts a write once it has completed, maybe after the
  // client has read it.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (server.counters().ws_updates_sent < 15 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const ServerCounters n = server.counters();
  EXPECT_GE(n.ws_updates_sent, 15u);
  // One rendering per push for the three (a client still writing when a
  // push comes has two updates waiting: a rendering of its own, rarely).
  EXPECT_LE(n.ws_updates_rendered * 2, n.ws_updates_sent) << n.ws_updates_rendered << " " << n.ws_updates_sent;
}

// Two clients with one subscription are sent the same bytes, rendered once
// per push; a client with another filter is sent its own rendering.
TEST(Server, ClientsWithAnotherFilterGetTheirOwnRenderingAndEqualOnesTheSameBytes) {
  Fixture f;
  ServerOptions o = quick();
  o.push_interval = std::chrono::milliseconds(100);
  Server server(f.hub, o);
  const std::string one = R"({"subscribe": {"metrics": ["drill_sorties_flown_total"], "labels": {"unit": "u1"}}})";
  const std::string all = R"({"subscribe": {"metrics": ["*"]}})";
  WsClient a(server.port()), b(server.port()), c(server.port());
  a.ws.write(asio::buffer(one));
  b.ws.write(asio::buffer(one));
  c.ws.write(asio::buffer(all));
  const std::string snap_a = a.read(), snap_b = b.read(), snap_c = c.read();
  EXPECT_EQ(snap_a.rfind("{\"type\":\"snapshot\"", 0), 0u) << snap_a;
  EXPECT_EQ(snap_b.rfind("{\"type\":\"snapshot\"", 0), 0u) << snap_b;
  EXPECT_EQ(snap_a.find("\"unit\":\"u0\""), std::string::npos) << snap_a;
  EXPECT_NE(snap_c.find("\"unit\":\"u0\""), std::string::npos) << snap_c;
  // The snapshots may come from different pushes: read on to one update
  // that all three are sent, from which on they are sent the same pushes.
  f.counters[1]->add(100);
  f.publish(5);
  for (WsClient* x : {&a, &b, &c}) {
    std::string t;
    for (int i = 0; i < 50 && t.find("[5,100]") == std::string::npos; ++i) t = x->read();
    ASSERT_NE(t.find("[5,100]"), std::string::npos) << t;
  }
  const ServerCounters before = server.counters();
  int equal = 0;
  const int rounds = 6;
  for (int round = 0; round < rounds; ++round) {
    f.counters[0]->add(1);
    f.counters[1]->add(1);
    f.publish(10 * (round + 1));
    const std::string ta = a.read(), tb = b.read(), tc = c.read();
    ASSERT_EQ(ta.rfind("{\"type\":\"update\"", 0), 0u) << ta;
    ASSERT_EQ(tc.rfind("{\"type\":\"update\"", 0), 0u) << tc;
    // (A client that was still writing when a push came has two updates
    // coalesced into one message: rarely, and then not the other's bytes.)
    if (ta == tb) ++equal;
    EXPECT_NE(ta, tc);
  }
  EXPECT_GE(equal, rounds - 1);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (server.counters().ws_updates_sent < before.ws_updates_sent + 3 * rounds &&
         std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const ServerCounters after = server.counters();
  const std::uint64_t sent = after.ws_updates_sent - before.ws_updates_sent;
  const std::uint64_t rendered = after.ws_updates_rendered - before.ws_updates_rendered;
  ASSERT_GE(sent, 3u * rounds);
  // Two renderings per push for the three clients (the counts may be a
  // push apart, and a client with two updates waiting has its own).
  EXPECT_LE(rendered * 3, sent * 2 + 6) << rendered << " " << sent;
  EXPECT_GT(rendered * 3, sent) << rendered << " " << sent;  // not one for all
}

TEST(Server, BadOrOversizedWebSocketFramesCloseThatSocketOnly) {
  Fixture f;
  ServerOptions o = quick();
  o.limits.ws_message_bytes = 1024;
  Server server(f.hub, o);
  {
    WsClient big(server.port());
    big.ws.write(asio::buffer(std::string(4096, '{')));
    beast::flat_buffer b;
    beast::error_code ec;
    big.ws.read(b, ec);
    EXPECT_TRUE(ec);  // closed
  }
  {
    WsClient bad(server.port());
    bad.ws.write(asio::buffer(std::string("{\"subscribe\": 5}")));
    beast::flat_buffer b;
    beast::error_code ec;
    bad.ws.read(b, ec);
    EXPECT_EQ(ec, websocket::error::closed);
    EXPECT_EQ(bad.ws.reason().code, websocket::close_code::policy_error);
  }
  {
    // Nesting deeper than any subscription needs is refused before parsing.
    WsClient deep(server.port());
    deep.ws.write(asio::buffer("{\"subscribe\": {\"metrics\": " + std::string(200, '[') + std::string(200, ']') + "}}"));
    beast::flat_buffer b;
    beast::error_code ec;
    deep.ws.read(b, ec);
    EXPECT_EQ(ec, websocket::error::closed);
    EXPECT_EQ(deep.ws.reason().code, websocket::close_code::policy_error);
  }
  {
    // A frame with a reserved opcode, unmasked (clients must mask): a
    // protocol error.
    asio::io_context ioc;
    WsClient raw(server.port());
    const unsigned char frame[] = {0x83, 0x02, 'h', 'i'};
    asio::write(raw.ws.next_layer(), asio::buffer(frame, sizeof frame));
    const std::string rest = read_all(raw.ws.next_layer());
    (void)rest;  // a close frame or nothing, then the end of the stream
  }
  EXPECT_EQ(get(server.port(), "/api/run").status, 200u);
  WsClient good(server.port());
  good.ws.write(asio::buffer(std::string(R"({"subscribe": {"metrics": ["*"]}})")));
  EXPECT_EQ(good.read().rfind("{\"type\":\"snapshot\"", 0), 0u);
}

TEST(Server, AClientThatNeverReadsIsDroppedThenClosedWithoutSlowingPublishing) {
  Fixture f;
  ServerOptions o = quick();
  o.limits.ws_queue_updates = 1;
  o.limits.ws_drops_before_close = 2;
  o.limits.ws_write_timeout = std::chrono::milliseconds(1000);
  Server server(f.hub, o);
  asio::io_context ioc;
  websocket::stream<tcp::socket> ws(ioc);
  ws.next_layer().open(tcp::v4());
  ws.next_layer().set_option(asio::socket_base::receive_buffer_size(4096));
  ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
  ws.handshake("127.0.0.1", "/ws");
  ws.write(asio::buffer(std::string(R"({"subscribe": {"metrics": ["*"], "timeline": true}})")));
  // Publish a lot, quickly, and never read.
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t id = 0;
  while (server.counters().ws_closed_slow == 0 && std::chrono::steady_clock::now() - start < std::chrono::seconds(30)) {
    Publication p;
    for (int i = 0; i < 2000; ++i)
      p.rows.push_back(ActivityRow{.id = id, .unit = 1, .kind = 0, .start_us = static_cast<std::int64_t>(id), .related = std::string(200, 'r')}), ++id;
    f.hub.publish(std::move(p));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(server.counters().ws_closed_slow, 1u);
  EXPECT_EQ(get(server.port(), "/api/run").status, 200u);
}

}  // namespace
}  // namespace drill::server
