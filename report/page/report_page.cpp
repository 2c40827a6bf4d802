#include "report/page/report_page.hpp"

#include <array>

#include "report/page/page_files.hpp"

namespace drill::report::page {
namespace {

constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::string_view kCss = "text/css; charset=utf-8";
constexpr std::string_view kJs = "text/javascript; charset=utf-8";

// The paths are the ones assemble_page.cmake writes into the live page.
const std::array<Asset, 13> kAssets{{
    {"/", kHtml, files::live_page},
    {"/assets/leaflet.css", kCss, files::leaflet_css},
    {"/assets/dygraph.css", kCss, files::dygraph_css},
    {"/assets/report.css", kCss, files::report_css},
    {"/assets/leaflet.js", kJs, files::leaflet_js},
    {"/assets/dygraph.js", kJs, files::dygraph_js},
    {"/assets/report_data.js", kJs, files::report_data_js},
    {"/assets/summary.js", kJs, files::summary_js},
    {"/assets/timeline.js", kJs, files::timeline_js},
    {"/assets/map.js", kJs, files::map_js},
    {"/assets/charts.js", kJs, files::charts_js},
    {"/assets/network.js", kJs, files::network_js},
    {"/assets/report.js", kJs, files::report_js},
}};

/// A piece of the document, escaped, in pieces handed to `put`.
template <class Put>
void emit_escaped(std::string_view dashboard_json, Put&& put) {
  // JSON inside a script element: "</" would end the element early, and
  // "<!--" could start HTML's escaped script state, in which the closing tag
  // does not close. Both occur only inside JSON strings, where "<\/" and
  // "\u003c!--" are the same text to JSON.parse.
  std::size_t from = 0;
  for (std::size_t at = dashboard_json.find('<'); at != std::string_view::npos;
       at = dashboard_json.find('<', at + 1)) {
    const std::string_view rest = dashboard_json.substr(at);
    if (rest.starts_with("</")) {
      put(dashboard_json.substr(from, at - from));
      put("<\\/");
      from = at + 2;
    } else if (rest.starts_with("<!--")) {
      put(dashboard_json.substr(from, at - from));
      put("\\u003c!--");
      from = at + 4;
    }
  }
  put(dashboard_json.substr(from));
}

/// The page in pieces, each handed to `put`.
template <class Put>
void emit_report_html(std::string_view dashboard_json, Put&& put) {
  put(files::file_head);
  emit_escaped(dashboard_json, put);
  put(files::file_tail);
}

}  // namespace

void write_report_html(std::ostream& out, std::string_view dashboard_json) {
  emit_report_html(dashboard_json, [&out](std::string_view piece) { out << piece; });
}

std::string report_html_text(std::string_view dashboard_json) {
  std::size_t size = 0;
  emit_report_html(dashboard_json, [&size](std::string_view piece) { size += piece.size(); });
  std::string html;
  html.reserve(size);
  emit_report_html(dashboard_json, [&html](std::string_view piece) { html += piece; });
  return html;
}

std::vector<std::string_view> report_html_pieces(std::string_view dashboard_json) {
  std::vector<std::string_view> pieces;
  emit_report_html(dashboard_json, [&pieces](std::string_view piece) { pieces.push_back(piece); });
  return pieces;
}

std::vector<std::string_view> report_html_pieces(std::span<const std::string_view> dashboard_json) {
  std::vector<std::string_view> pieces;
  const auto put = [&pieces](std::string_view piece) {
    if (!piece.empty()) pieces.push_back(piece);
  };
  put(files::file_head);
  for (std::string_view piece : dashboard_json) emit_escaped(piece, put);
  put(files::file_tail);
  return pieces;
}

std::string_view report_html_head() noexcept { return files::file_head; }
std::string_view report_html_tail() noexcept { return files::file_tail; }

void append_escaped(std::string_view piece, std::vector<std::string_view>& out) {
  emit_escaped(piece, [&out](std::string_view p) {
    if (!p.empty()) out.push_back(p);
  });
}

std::span<const Asset> assets() noexcept { return kAssets; }

}  // namespace drill::report::page
