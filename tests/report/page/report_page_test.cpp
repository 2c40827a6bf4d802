// write_report_html and assets(): the data is embedded so that no text in it
// can end its element, the file page needs nothing beside it, and the live
// page links only assets that assets() serves, byte for byte the files the
// build embedded.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "report/page/report_page.hpp"

namespace {

using drill::report::page::assets;
using drill::report::page::write_report_html;

std::string report_of(std::string_view json) {
  std::ostringstream out;
  write_report_html(out, json);
  return out.str();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The text between the data element's start tag and the first "</script>".
std::string embedded_data(const std::string& page) {
  const std::string open = "<script id=\"dashboard-data\" type=\"application/json\">";
  const auto from = page.find(open);
  if (from == std::string::npos) return "<no data element>";
  const auto to = page.find("</script>", from);
  return page.substr(from + open.size(), to - from - open.size());
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

TEST(WriteReportHtml, ScriptEndInsideANameDoesNotEndTheDataElement) {
  const std::string json =
      R"({"format":"drillsim-dashboard","units":[{"name":"</script><script>alert(1)</script>"}],)"
      R"("x":"a</b"})";
  const std::string page = report_of(json);
  const std::string data = embedded_data(page);
  EXPECT_EQ(data.find("</"), std::string::npos);
  // "<\/" is "</" to a JSON reader: the element holds the same document.
  EXPECT_EQ(replace_all(data, "<\\/", "</"), json);
  EXPECT_EQ(count(page, "<script id=\"dashboard-data\""), 1u);
}

TEST(WriteReportHtml, CommentOpenInsideAStringCannotStartTheEscapedScriptState) {
  const std::string json = R"({"reasons":["<!--<script>","plain <b> text"]})";
  const std::string data = embedded_data(report_of(json));
  EXPECT_EQ(data.find("<!--"), std::string::npos);
  EXPECT_EQ(replace_all(data, "\\u003c!--", "<!--"), json);
}

TEST(WriteReportHtml, DataWithoutMarkupIsEmbeddedUnchanged) {
  const std::string json = read_file(DRILL_SAMPLE_DASHBOARD);
  ASSERT_GT(json.size(), 1000u);
  const std::string data = embedded_data(report_of(json));
  EXPECT_EQ(replace_all(data, "<\\/", "</"), json);
}

TEST(WriteReportHtml, TheStringIsTheStreamedTextByteForByte) {
  for (std::string_view json : {std::string_view(R"({"name":"a</script>b","c":"<!--x"})"),
                                std::string_view(R"({"units":[]})"), std::string_view("")}) {
    const std::string text = drill::report::page::report_html_text(json);
    EXPECT_EQ(text, report_of(json));
    EXPECT_EQ(text.capacity(), text.size()) << "allocated once at its final size";
  }
}

TEST(WriteReportHtml, ThePiecesAreTheStringAndHoldTheDocumentUncopied) {
  const std::string json = R"({"name":"a</script>b","c":"<!--x","d":"plain"})";
  std::string joined;
  bool views_json = false;
  for (std::string_view piece : drill::report::page::report_html_pieces(json)) {
    joined += piece;
    views_json = views_json || (piece.data() >= json.data() && piece.data() < json.data() + json.size());
  }
  EXPECT_EQ(joined, drill::report::page::report_html_text(json));
  EXPECT_TRUE(views_json) << "no piece is a view into the document";
}

TEST(WriteReportHtml, PageIsSelfContainedWithItsLibrariesInline) {
  const std::string page = report_of("{}");
  EXPECT_NE(page.find("data-source=\"embedded\""), std::string::npos);
  EXPECT_EQ(page.find("<script src="), std::string::npos);
  EXPECT_EQ(page.find("<link rel=\"stylesheet\""), std::string::npos);
  EXPECT_EQ(page.find("src=\"http"), std::string::npos);
  EXPECT_NE(page.find("Leaflet 1."), std::string::npos);
  EXPECT_NE(page.find("dygraphs"), std::string::npos);
  EXPECT_NE(page.find("window.DrillReport"), std::string::npos);
  EXPECT_EQ(count(page, "<!--@"), 0u) << "a template marker was left in the page";
}

TEST(Assets, TheLivePageIsFirstAndEveryFileItLinksIsServed) {
  const auto files = assets();
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files[0].path, "/");
  EXPECT_EQ(files[0].content_type, "text/html; charset=utf-8");
  const std::string live(files[0].body);
  EXPECT_NE(live.find("data-source=\"live\""), std::string::npos);
  EXPECT_EQ(live.find("dashboard-data"), std::string::npos);

  std::set<std::string_view> served;
  for (const auto& file : files) {
    EXPECT_TRUE(served.insert(file.path).second) << "served twice: " << file.path;
    EXPECT_FALSE(file.body.empty()) << file.path;
  }
  const std::regex link(R"re((?:src|href)="(/[^"]*)")re");
  std::size_t links = 0;
  for (auto it = std::sregex_iterator(live.begin(), live.end(), link); it != std::sregex_iterator(); ++it) {
    EXPECT_TRUE(served.count((*it)[1].str())) << "linked but not served: " << (*it)[1].str();
    ++links;
  }
  EXPECT_EQ(links + 1, files.size()) << "every asset is linked from the live page";
}

TEST(Assets, BodiesAreTheEmbeddedFilesByteForByte) {
  for (const auto& file : assets()) {
    if (file.path == "/assets/report.css") {
      EXPECT_EQ(file.body, read_file(DRILL_PAGE_SOURCE_DIR "/report.css"));
      EXPECT_EQ(file.content_type, "text/css; charset=utf-8");
    }
    if (file.path == "/assets/timeline.js") {
      EXPECT_EQ(file.body, read_file(DRILL_PAGE_SOURCE_DIR "/timeline.js"));
    }
    if (file.path == "/assets/leaflet.js") {
      EXPECT_EQ(file.body, read_file(DRILL_LEAFLET_JS));
    }
  }
}

}  // namespace
