#include "server/router.hpp"

#include <algorithm>

#include "io/json_writer.hpp"
#include "server/request.hpp"
#include "server/request_bodies.hpp"

namespace drill::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }
beast::string_view bv(std::string_view s) { return {s.data(), s.size()}; }

}  // namespace

Response answer(const Request& req, http::status status, std::string_view content_type, std::string body) {
  Response res{status, req.version()};
  res.set(http::field::server, "drillsim");
  res.set(http::field::content_type, bv(content_type));
  res.set(http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response error(const Request& req, http::status status, std::string_view why) {
  std::string body = "{\"error\":";
  io::append_json_quoted(body, why);
  body += "}\n";
  return answer(req, status, "application/json", std::move(body));
}

Response method_not_allowed(const Request& req, std::string_view allow, std::string_view why) {
  Response res = error(req, http::status::method_not_allowed, why);
  res.set(http::field::allow, bv(allow));  // RFC 9110 15.5.6: a 405 says what is allowed
  return res;
}

/// The answer to a request that could not be read: always closes.
Response refusal(http::status status, std::string_view why) {
  Request req;
  req.version(11);
  req.keep_alive(false);
  Response res = error(req, status, why);
  res.keep_alive(false);
  return res;
}

Router::Router(Hub& hub, const ServerOptions& options, engine::RunControl* control)
    : hub_(hub), o_(options), control_(control) {
  for (const report::page::Asset& a : report::page::assets()) assets_.push_back(a);
}

Response Router::respond(const Request& req) {
  const auto t = parse_target(sv(req.target()));
  if (!t) return error(req, http::status::bad_request, "malformed request target");
  const std::string& p = t->path;
  if (p == "/api/control") {
    if (!o_.token || !control_) return error(req, http::status::not_found, "control needs --token");
    if (req.method() != http::verb::post) return method_not_allowed(req, "POST", "POST only");
    const auto c = parse_control(req.body());
    if (!c) return error(req, http::status::bad_request, "expected {\"action\": \"pause\"|\"resume\"|\"pace\", \"pace\": N|null}");
    // A run that has ended has nothing to pause, resume or pace: its pace
    // stays the one it ran at.
    if (hub_.ended())
      return error(req, http::status::conflict, "the run has ended: there is nothing to pause, resume or pace");
    switch (c->action) {
      case ControlRequest::Action::pause:
        control_->pause();
        hub_.set_paused(true);
        break;
      case ControlRequest::Action::resume:
        control_->resume();
        hub_.set_paused(false);
        break;
      case ControlRequest::Action::pace:
        control_->set_pace(c->pace);
        hub_.set_pace(c->pace);
        break;
    }
    return answer(req, http::status::ok, "application/json", hub_.run_json());
  }
  if (req.method() != http::verb::get && req.method() != http::verb::head)
    return method_not_allowed(req, "GET, HEAD", "GET or HEAD only");
  Response res;
  if (p == "/metrics") {
    res = answer(req, http::status::ok, "text/plain; version=0.0.4; charset=utf-8", hub_.metrics_text());
  } else if (p == "/api/run") {
    res = answer(req, http::status::ok, "application/json", hub_.run_json());
  } else if (p == "/api/summary") {
    res = answer(req, http::status::ok, "application/json", hub_.summary_json());
  } else if (p == "/api/aggregate") {
    res = answer(req, http::status::ok, "application/json", hub_.aggregate_json());
  } else if (p == "/api/dashboard") {
    res = answer(req, http::status::ok, "application/json", hub_.dashboard_json());
  } else if (p == "/api/series") {
    const auto metric = t->param("metric");
    if (!metric || metric->empty()) return error(req, http::status::bad_request, "metric= is required");
    std::vector<std::pair<std::string, std::string>> labels;
    for (const std::string& l : t->params_named("label")) {
      auto pair = parse_label(l);
      if (!pair) return error(req, http::status::bad_request, "label= takes kind:name");
      labels.push_back(std::move(*pair));
    }
    std::optional<std::int64_t> since;
    if (const auto s = t->param("since")) {
      since = parse_integer(*s);
      if (!since) return error(req, http::status::bad_request, "since= takes microseconds");
    }
    res = answer(req, http::status::ok, "application/json", hub_.series_json(*metric, labels, since));
  } else if (p == "/api/timeline") {
    std::int64_t since = 0;
    std::int64_t limit = static_cast<std::int64_t>(std::min<std::size_t>(1000, o_.limits.timeline_limit));
    if (const auto s = t->param("since")) {
      const auto v = parse_integer(*s);
      if (!v || *v < 0) return error(req, http::status::bad_request, "since= takes a row id");
      since = *v;
    }
    if (const auto s = t->param("limit")) {
      const auto v = parse_integer(*s);
      if (!v || *v < 1) return error(req, http::status::bad_request, "limit= takes a positive count");
      limit = std::min<std::int64_t>(*v, static_cast<std::int64_t>(o_.limits.timeline_limit));
    }
    std::optional<std::uint64_t> since_message;
    if (const auto m = t->param("messages")) {
      if (*m != "1" && *m != "true" && *m != "0" && *m != "false")
        return error(req, http::status::bad_request, "messages= takes 1 or 0");
      if (*m == "1" || *m == "true") since_message = 0;
    }
    if (const auto s = t->param("since_message")) {
      const auto v = parse_integer(*s);
      if (!v || *v < 0) return error(req, http::status::bad_request, "since_message= takes a message event id");
      since_message = static_cast<std::uint64_t>(*v);
    }
    res = answer(req, http::status::ok, "application/json",
                 hub_.timeline_json(static_cast<std::uint64_t>(since), static_cast<std::size_t>(limit), since_message));
  } else {
    const auto a = std::find_if(assets_.begin(), assets_.end(), [&](const auto& x) { return x.path == p; });
    if (a == assets_.end()) return error(req, http::status::not_found, "not found");
    res = answer(req, http::status::ok, a->content_type, std::string(a->body));
  }
  return res;
}

void strip_head_body(const Request& req, Response& res) {
  if (req.method() != http::verb::head || res.body().empty()) return;
  const auto n = res.body().size();
  res.body().clear();
  res.content_length(n);
}

Response Router::handle(const Request& req) {
  Response res = respond(req);
  strip_head_body(req, res);
  return res;
}

}  // namespace drill::server
