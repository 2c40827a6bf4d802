// The report page: one HTML file that draws a run from its dashboard data
// (report/dashboard-data.md) with no server and no network, and the same
// page's files as the live server serves them, reading the data from its
// endpoints instead.
//
// The page (report.html, its scripts and styles) and the libraries it uses
// (Leaflet, dygraphs, from the installed Debian packages) are compiled in as
// string constants (page_files.hpp, generated at build time), so writing a
// report costs one pass over the JSON and nothing is read from disk.
#pragma once

#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace drill::report::page {

/// Writes report.html: the page with `dashboard_json` (a dashboard data
/// document) embedded in <script id="dashboard-data" type="application/json">.
/// "</" is written "<\/" and "<!--" "\u003c!--" (both only ever inside JSON
/// strings, where they read back the same), so no text in the data can end
/// or disturb the element. Throws what the stream's exceptions throw.
void write_report_html(std::ostream& out, std::string_view dashboard_json);
/// The same text as a string, allocated once at its final size.
std::string report_html_text(std::string_view dashboard_json);
/// The same text in pieces: views into `dashboard_json` (which must outlive
/// them) and into static text, so the document is not copied.
std::vector<std::string_view> report_html_pieces(std::string_view dashboard_json);
/// The same for a document in pieces (dashboard_json_pieces): each piece
/// is escaped on its own, which is the same as escaping the whole when no
/// piece ends inside "</" or "<!--" (pieces end between the document's
/// elements, never inside a string).
std::vector<std::string_view> report_html_pieces(std::span<const std::string_view> dashboard_json);

/// The same text for a document whose pieces come one at a time (a writer
/// that writes them while the rest is built): the head, then each piece
/// escaped on its own (as above), then the tail.
std::string_view report_html_head() noexcept;
std::string_view report_html_tail() noexcept;
/// Appends `piece` escaped, as views into it and into static text (no
/// empty ones), to `out`.
void append_escaped(std::string_view piece, std::vector<std::string_view>& out);

/// One file of the live page.
struct Asset {
  std::string_view path;          // "/" for the page, then its assets
  std::string_view content_type;  // e.g. "text/html; charset=utf-8"
  std::string_view body;
};

/// The live page's files; the first is the page itself ("/"), the rest are
/// under "/assets/" (leaflet.css, dygraph.css, report.css, leaflet.js,
/// dygraph.js and the page's scripts). All have static storage.
std::span<const Asset> assets() noexcept;

}  // namespace drill::report::page
