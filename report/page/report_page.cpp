#include "report/page/report_page.hpp"

#include <array>
#include <string>

namespace drill::report::page {
namespace {

constexpr std::string_view kHead =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>drillsim report</title></head>\n"
    "<body><script id=\"dashboard-data\" type=\"application/json\">";
constexpr std::string_view kTail = "</script></body></html>\n";

constexpr std::string_view kLivePage =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>drillsim live</title></head>\n"
    "<body><p>The live page reads <a href=\"/api/dashboard\">/api/dashboard</a>.</p></body></html>\n";

constexpr std::array<Asset, 1> kAssets{{{"/", "text/html; charset=utf-8", kLivePage}}};

}  // namespace

void write_report_html(std::ostream& out, std::string_view dashboard_json) {
  out << kHead;
  // JSON inside a script element: "</" would end the element early.
  std::size_t from = 0;
  for (std::size_t at = dashboard_json.find("</"); at != std::string_view::npos;
       at = dashboard_json.find("</", from)) {
    out << dashboard_json.substr(from, at - from) << "<\\/";
    from = at + 2;
  }
  out << dashboard_json.substr(from) << kTail;
}

std::span<const Asset> assets() noexcept { return kAssets; }

}  // namespace drill::report::page
