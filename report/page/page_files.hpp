// The report page's files as string constants, defined in page_files.cpp,
// which the build generates (cmake/EmbedFiles.cmake) from the template
// report.html, the page's scripts and styles, and the libraries of the
// installed Debian packages (libjs-leaflet, libjs-dygraphs). Each is the
// file's exact bytes with static storage; nothing here allocates.
#pragma once

#include <string_view>

namespace drill::report::page::files {

// The file page: file_head, then the dashboard JSON (escaped), then file_tail.
extern const std::string_view file_head;
extern const std::string_view file_tail;
// The live page served at "/": links the files below under /assets/.
extern const std::string_view live_page;

extern const std::string_view leaflet_css;
extern const std::string_view dygraph_css;
extern const std::string_view report_css;
extern const std::string_view leaflet_js;
extern const std::string_view dygraph_js;
extern const std::string_view report_data_js;
extern const std::string_view summary_js;
extern const std::string_view timeline_js;
extern const std::string_view map_js;
extern const std::string_view charts_js;
extern const std::string_view network_js;
extern const std::string_view report_js;

}  // namespace drill::report::page::files
