// `drillsim verify DIR`: is a result set complete and intact? Checks every
// file its manifest lists (size and SHA-256) and that nothing else is in
// the folder (io/result_check.hpp). Exit 0 when intact, 65 with one line
// per difference otherwise, 66 when DIR is not a folder.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>

#include "app/commands.hpp"
#include "io/result_check.hpp"

namespace drill::app {

Command add_verify_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand("verify", "Check that a result set is complete and unchanged (sizes and SHA-256 "
                                               "of the files its manifest lists)");
  sub->add_option("dir", *dir, "Result set folder (a run's --out)")->required();
  return {sub, [dir] {
            std::error_code ec;
            if (!std::filesystem::is_directory(*dir, ec)) {
              std::cerr << "drillsim verify: " << *dir << " is not a folder\n";
              return kExitNoInput;
            }
            const std::vector<std::string> problems = io::verify_result_set(*dir);
            if (!problems.empty()) {
              for (const std::string& p : problems) std::cerr << "drillsim verify: " << *dir << ": " << p << "\n";
              return kExitDataError;
            }
            return print_stdout(*dir + ": complete and unchanged\n", "the verdict was not printed") ? kExitOk
                                                                                                     : kExitIoError;
          }};
}

}  // namespace drill::app
