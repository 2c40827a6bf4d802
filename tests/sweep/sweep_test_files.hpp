// Sweep files written for a test into a temporary folder of its own, beside
// a copy of configs/small.yaml (so `drill: small.yaml` resolves), and
// removed with it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sweep/sweep_file.hpp"

namespace drill::sweep::testing {

inline const std::filesystem::path kConfigs = std::filesystem::path(DRILL_SOURCE_DIR) / "configs";

class SweepFolder {
 public:
  SweepFolder() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("drill_sweep_" + std::string(info->test_suite_name()) + "_" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::filesystem::copy_file(kConfigs / "small.yaml", dir_ / "small.yaml");
  }
  ~SweepFolder() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  SweepFolder(const SweepFolder&) = delete;
  SweepFolder& operator=(const SweepFolder&) = delete;

  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  /// `text` as sweep.yaml, loaded.
  SweepLoad load(const std::string& text) const { return load_sweep(write("sweep.yaml", text)); }
  const std::filesystem::path& dir() const noexcept { return dir_; }

 private:
  std::filesystem::path dir_;
};

}  // namespace drill::sweep::testing
