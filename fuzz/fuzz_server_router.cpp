// Fuzzes the live server's answers without sockets: the first byte picks
// what the input is. 0: an HTTP request (through Beast's parser with the
// server's limits) answered by the router from a hub holding a small run,
// once without a token and once with one; 1: a WebSocket subscription body;
// 2: a POST /api/control body; 3: a dashboard document whose parts the hub
// reads (reference levels, a set's units and rows). Nothing may crash or hang, and what comes
// back must hold what the server promises: never a 5xx, a Content-Length
// equal to the body (a HEAD answer: no body), JSON answers that open as JSON, a control pace that is
// positive and finite, subscription label filters in order.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/metrics/collector.hpp"
#include "engine/run_control.hpp"
#include "models/entity_kinds.hpp"
#include "server/document_parts.hpp"
#include "server/hub.hpp"
#include "server/request_bodies.hpp"
#include "server/router.hpp"

namespace http = boost::beast::http;
namespace cm = drill::core::metrics;
namespace models = drill::models;
using namespace drill::server;

namespace {

/// A hub that has seen two samples of a run with a counter per unit and a
/// gauge, and a few activity rows; built once.
struct World {
  World() {
    const cm::MeasureId sorties = c.describe(cm::Descriptor{.name = "sorties_flown",
                                                            .unit = cm::Unit::none,
                                                            .help = "Sorties flown.",
                                                            .labels = {models::kind::unit},
                                                            .kind = cm::InstrumentKind::counter});
    std::vector<cm::Counter*> counters;
    std::vector<std::string> names;
    for (int i = 0; i < 3; ++i) {
      names.push_back("u" + std::to_string(i));
      const models::UnitId u = c.names().add<models::kind::unit>(names.back());
      counters.push_back(&c.counter(sorties, {u}));
    }
    hub.set_units(names);
    publish(0, {});
    counters[1]->add(2);
    std::vector<ActivityRow> rows(2);
    rows[0] = ActivityRow{.id = 0, .unit = 0, .kind = 0, .start_us = 0, .end_us = 1800};
    rows[1] = ActivityRow{.id = 1, .unit = 2, .kind = 1, .start_us = 600, .end_us = std::nullopt};
    publish(3600, std::move(rows));
    token_options.token = "fuzz-token";
  }
  void publish(std::int64_t t_us, std::vector<ActivityRow> rows) {
    const cm::Changes& ch = c.changes(drill::core::SimTime::from_ticks(t_us));
    Publication p;
    p.now_us = t_us;
    p.sample.emplace(SampleCopy{ch.time(), ch.since(), ch.shared_catalog(), {ch.changed().begin(), ch.changed().end()}});
    p.rows = std::move(rows);
    hub.publish(std::move(p));
  }
  cm::Collector c{models::entity_kinds()};
  Hub hub;
  ServerOptions open_options{};
  ServerOptions token_options{};
  drill::engine::RunControl control;
  Router open{hub, open_options, nullptr};
  Router guarded{hub, token_options, &control};
};

World& world() {
  static World w;
  return w;
}

void check(const Request& req, const Response& res) {
  if (static_cast<unsigned>(res.result_int()) >= 500) std::abort();
  const auto length = res[http::field::content_length];
  if (length.empty()) std::abort();
  // A HEAD answer says how long the GET answer is and sends no body.
  if (req.method() == http::verb::head ? !res.body().empty()
                                       : std::stoull(std::string(length)) != res.body().size())
    std::abort();
  const auto type = res[http::field::content_type];
  if (type.starts_with("application/json") && !res.body().empty() && res.body().front() != '{' &&
      res.body().front() != '[')
    std::abort();
}

void answer_request(std::string_view bytes) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(8 * 1024);
  parser.body_limit(4 * 1024);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
  if (ec || !parser.is_header_done()) return;
  if (!parser.is_done()) parser.put_eof(ec);
  if (ec) return;
  const Request req = parser.release();
  check(req, world().open.handle(req));
  check(req, world().guarded.handle(req));
}

void read_subscription(std::string_view text) {
  const auto sub = parse_subscription(std::string(text));
  if (sub && !std::is_sorted(sub->labels.begin(), sub->labels.end())) std::abort();
}

void read_control(std::string_view text) {
  const auto c = parse_control(std::string(text));
  if (c && c->pace && !(std::isfinite(*c->pace) && *c->pace > 0.0)) std::abort();
}

/// A dashboard document as the hub reads its parts (document_parts.hpp):
/// any text gives the parts or nothing, and the parts it gives are whole
/// (each unit with its facts; rows numbered by their place).
void read_document(std::string_view text) {
  const std::optional<DocumentParts> parts = read_document_parts(text);
  if (!parts) return;
  if (parts->unit_names.size() != parts->units.size()) std::abort();
  for (std::size_t i = 0; i < parts->rows.size(); ++i)
    if (parts->rows[i].id != i) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 4) {
    case 0: answer_request(rest); break;
    case 1: read_subscription(rest); break;
    case 2: read_control(rest); break;
    default: read_document(rest); break;
  }
  return 0;
}
