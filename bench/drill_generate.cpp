// drill_generate: writes the generated sortie-and-stock drill
// (generated_drill.hpp) to standard output, for `drillsim run` and for
// bench/generated_drill.sh.
//
//   drill_generate [--aircraft N] [--days D] [--seed S]
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "bench/generated_drill.hpp"

int main(int argc, char** argv) {
  drill::bench::DrillShape shape;
  bool ok = argc % 2 == 1;
  for (int i = 1; ok && i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    char* end = nullptr;
    const long long v = std::strtoll(argv[i + 1], &end, 10);
    ok = *end == '\0' && v >= 1 && v <= 1'000'000;
    if (key == "--aircraft") shape.aircraft = static_cast<int>(v);
    else if (key == "--days") shape.days = static_cast<int>(v);
    else if (key == "--seed") shape.seed = static_cast<std::uint64_t>(v);
    else ok = false;
  }
  if (!ok) {
    std::fprintf(stderr, "usage: drill_generate [--aircraft N] [--days D] [--seed S] (each 1 .. 1000000)\n");
    return 64;
  }
  try {
    const std::string yaml = drill::bench::generated_drill_yaml(shape);
    std::fwrite(yaml.data(), 1, yaml.size(), stdout);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "drill_generate: %s\n", e.what());
    return 64;
  }
  return std::fflush(stdout) == 0 ? 0 : 74;
}
