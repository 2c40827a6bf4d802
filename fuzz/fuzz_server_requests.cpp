// Fuzzes what the live server reads from the network, without sockets: the
// first byte picks the reader. 0: a whole HTTP request through Beast's parser
// with the server's limits, then the server's readers of what it carries
// (the target with its query, the bearer token in the header and in the
// WebSocket subprotocols, the label filters); 1: the command line's readers
// of --serve, --pace and --token. Each either yields a value or refuses;
// nothing may crash, hang or grow without bound.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/asio/buffer.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "server/request.hpp"

namespace http = boost::beast::http;
using namespace drill::server;

namespace {

std::string_view sv(boost::beast::string_view s) { return {s.data(), s.size()}; }

void read_request(std::string_view bytes) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(8 * 1024);
  parser.body_limit(4 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
  if (ec || !parser.is_header_done()) return;
  const auto& req = parser.get();
  if (const auto t = parse_target(sv(req.target()))) {
    for (const char* name : {"metric", "label", "since", "limit", "messages"})
      if (const auto v = t->param(name)) {
        (void)parse_label(*v);
        (void)parse_integer(*v);
      }
  }
  const std::string_view token = "fuzz-token";
  if (bearer_matches(sv(req[http::field::authorization]), token) &&
      sv(req[http::field::authorization]).find(token) == std::string_view::npos)
    std::abort();  // a match without the token in the header
  const std::string_view protocols = sv(req[http::field::sec_websocket_protocol]);
  if (protocol_bearer_matches(protocols, token) && protocols.find(token) == std::string_view::npos) std::abort();
  (void)offers_drillsim_protocol(protocols);
}

void read_options(std::string_view text) {
  (void)parse_serve_address(text);
  if (const auto pace = parse_pace(text); pace && !(*pace > 0.0)) std::abort();
  (void)is_url_safe_token(text);
  (void)is_loopback(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] % 2 == 0)
    read_request(rest);
  else
    read_options(rest);
  return 0;
}
