// The report page: one HTML file that draws a run from its dashboard data
// (report/dashboard-data.md) with no server and no network, and the same
// page's files as the live server serves them, reading the data from its
// endpoints instead.
#pragma once

#include <ostream>
#include <span>
#include <string_view>

namespace drill::report::page {

/// Writes report.html: the page with `dashboard_json` (a dashboard data
/// document) embedded. Throws what the stream's exceptions throw.
void write_report_html(std::ostream& out, std::string_view dashboard_json);

/// One file of the live page.
struct Asset {
  std::string_view path;          // "/" for the page, then its assets
  std::string_view content_type;  // e.g. "text/html; charset=utf-8"
  std::string_view body;
};

/// The live page's files; the first is the page itself ("/").
std::span<const Asset> assets() noexcept;

}  // namespace drill::report::page
