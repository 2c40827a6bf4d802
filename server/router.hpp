// Answers the live server's plain HTTP requests (everything but the
// WebSocket) from the hub, with no socket involved: the endpoints /metrics,
// /api/run, /api/summary, /api/series, /api/timeline, /api/dashboard,
// POST /api/control and the page's files. The server's session checks
// limits, host and token first, then asks handle(); a fuzzer asks it
// directly. handle() never throws on a bad request: it answers 4xx.
// Thread-safety: the hub's (its reads take its lock); one Router per server.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>

#include "engine/run_control.hpp"
#include "report/page/report_page.hpp"
#include "server/hub.hpp"
#include "server/server.hpp"

namespace drill::server {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

/// A response with the server's headers (no caching, no sniffing), keeping
/// the request's keep-alive.
Response answer(const Request& req, boost::beast::http::status status, std::string_view content_type,
                std::string body);
/// `{"error": WHY}` with `status`.
Response error(const Request& req, boost::beast::http::status status, std::string_view why);
/// 405 with the Allow header naming the methods `allow` (e.g. "GET, HEAD").
Response method_not_allowed(const Request& req, std::string_view allow, std::string_view why);
/// The answer to a request that could not be read: always closes.
Response refusal(boost::beast::http::status status, std::string_view why);

/// A HEAD answer, error or not, carries the length and never the body: a
/// body after it would be read as the start of the next response on the
/// connection. Clears it (keeping Content-Length) when `req` is a HEAD.
void strip_head_body(const Request& req, Response& res);

class Router {
 public:
  /// `control` (may be null) is paused, resumed and paced by POST
  /// /api/control when `options.token` is set. Both must outlive the router.
  Router(Hub& hub, const ServerOptions& options, engine::RunControl* control);
  Response handle(const Request& req);

 private:
  Response respond(const Request& req);

  Hub& hub_;
  const ServerOptions& o_;
  engine::RunControl* control_;
  std::vector<report::page::Asset> assets_;
};

}  // namespace drill::server
