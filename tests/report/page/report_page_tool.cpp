// The report page's test and benchmark tool: what the tests need of the
// page's C++ side without a simulation.
//   report_page_tool write DASHBOARD.json OUT.html   report.html of a document
//   report_page_tool assets DIR                      the live page's files
//     (DIR/index.html for "/", DIR/assets/... for the rest)
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "report/page/report_page.hpp"

int main(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "write" && argc == 4) {
    std::ifstream in(argv[2], std::ios::binary);
    if (!in) {
      std::cerr << "report_page_tool: cannot read " << argv[2] << "\n";
      return 66;
    }
    std::ostringstream json;
    json << in.rdbuf();
    std::ofstream out(argv[3], std::ios::binary);
    drill::report::page::write_report_html(out, json.str());
    out.close();
    if (!out) {
      std::cerr << "report_page_tool: cannot write " << argv[3] << "\n";
      return 73;
    }
    return 0;
  }
  if (command == "assets" && argc == 3) {
    const std::filesystem::path dir = argv[2];
    for (const auto& asset : drill::report::page::assets()) {
      const std::filesystem::path file =
          asset.path == "/" ? dir / "index.html" : dir / std::string(asset.path.substr(1));
      std::filesystem::create_directories(file.parent_path());
      std::ofstream out(file, std::ios::binary);
      out << asset.body;
      if (!out) {
        std::cerr << "report_page_tool: cannot write " << file << "\n";
        return 73;
      }
    }
    return 0;
  }
  std::cerr << "usage: report_page_tool write DASHBOARD.json OUT.html | assets DIR\n";
  return 64;
}
