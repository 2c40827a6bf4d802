// Writes the table of bad drills (bad_drills.hpp) as files for the command
// line's test: DIR/<name>.yaml for each case and DIR/cases.tsv with one row
// per case: name, error or warning, line, column, key path, fragment.
//
// usage: write_bad_drills DIR
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "tests/models/scenario/bad_drills.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: write_bad_drills DIR\n";
    return 64;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  std::ofstream table(dir / "cases.tsv", std::ios::binary);
  const auto write = [&](const drill::tests::BadDrill& c, const char* severity) {
    const drill::tests::BadDrillText t = drill::tests::bad_drill_text(c);
    std::ofstream(dir / (c.name + ".yaml"), std::ios::binary) << t.text;
    table << c.name << '\t' << severity << '\t' << t.line << '\t' << t.column << '\t' << c.path << '\t' << c.fragment
          << '\n';
  };
  for (const auto& c : drill::tests::bad_drills()) write(c, "error");
  for (const auto& c : drill::tests::warned_drills()) write(c, "warning");
  table.close();
  if (!table) {
    std::cerr << "write_bad_drills: cannot write " << (dir / "cases.tsv").string() << "\n";
    return 73;
  }
  return 0;
}
