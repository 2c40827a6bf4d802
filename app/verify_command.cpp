// `drillsim verify DIR`: is a result set complete and intact? Checks every
// file its manifest lists (size and SHA-256) and that nothing else is in
// the folder (io/result_check.hpp). Exit 0 when intact, 65 with one line
// per difference otherwise, 66 when DIR is not a folder.
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "app/commands.hpp"
#include "io/result_check.hpp"

namespace drill::app {

int verify_folder(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    std::cerr << "drillsim verify: " << dir << " is not a folder\n";
    return kExitNoInput;
  }
  const std::vector<std::string> problems = io::verify_result_set(dir);
  if (!problems.empty()) {
    for (const std::string& p : problems) std::cerr << "drillsim verify: " << dir << ": " << p << "\n";
    return kExitDataError;
  }
  return print_stdout(dir + ": complete and unchanged\n", "the verdict was not printed") ? kExitOk : kExitIoError;
}

}  // namespace drill::app
