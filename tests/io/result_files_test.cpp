// The result folder: a set lands as a whole or not at all, replaces the old
// set entirely, refuses a second writer and clears what dead runs left.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "io/result_files.hpp"

namespace drill::io {
namespace {

namespace fs = std::filesystem;

class ResultFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("drillsim-io-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // Everything in the parent folder besides `out` and its lock file.
  std::vector<std::string> strays() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(root_)) {
      const std::string n = e.path().filename().string();
      if (n != "out" && n != ".out.lock") out.push_back(n);
    }
    return out;
  }

  fs::path root_;
};

TEST_F(ResultFolderTest, NothingIsVisibleUntilCommitThenEverything) {
  {
    ResultFolder f(root_ / "out");
    f.write("manifest.json", "{}\n");
    f.write("summary.json", "{\"a\": 1}\n");
    EXPECT_FALSE(fs::exists(root_ / "out"));
    f.commit();
  }
  EXPECT_EQ(read(root_ / "out" / "summary.json"), "{\"a\": 1}\n");
  EXPECT_TRUE(strays().empty());
}

TEST_F(ResultFolderTest, NewSetReplacesTheOldOneWhollyAndStaleFilesGo) {
  {
    ResultFolder f(root_ / "out");
    f.write("manifest.json", "old\n");
    f.write("replication-0009.json", "old\n");
    f.commit();
  }
  {
    ResultFolder f(root_ / "out");
    f.write("manifest.json", "new\n");
    f.commit();
  }
  EXPECT_EQ(read(root_ / "out" / "manifest.json"), "new\n");
  EXPECT_FALSE(fs::exists(root_ / "out" / "replication-0009.json"));
  EXPECT_TRUE(strays().empty());
}

TEST_F(ResultFolderTest, ARunThatFailsLeavesTheOldSetAsItWas) {
  {
    ResultFolder f(root_ / "out");
    f.write("manifest.json", "old\n");
    f.commit();
  }
  {
    ResultFolder f(root_ / "out");
    f.write("manifest.json", "half\n");
  }  // no commit: the run failed
  EXPECT_EQ(read(root_ / "out" / "manifest.json"), "old\n");
  EXPECT_TRUE(strays().empty());
}

TEST_F(ResultFolderTest, ASecondWriterIsRefusedAndToldWhoHoldsTheLock) {
  ResultFolder first(root_ / "out");
  try {
    ResultFolder second(root_ / "out");
    FAIL() << "a second writer was let in";
  } catch (const ResultError& e) {
    EXPECT_NE(std::string(e.what()).find("drillsim pid " + std::to_string(::getpid())), std::string::npos)
        << e.what();
  }
}

TEST_F(ResultFolderTest, LeftoversOfDeadRunsAreRemoved) {
  fs::create_directories(root_ / ".out.new-999999" / "x");
  fs::create_directories(root_ / ".out.old-999998");
  fs::create_directories(root_ / ".other.new-1");
  ResultFolder f(root_ / "out");
  EXPECT_FALSE(fs::exists(root_ / ".out.new-999999"));
  EXPECT_FALSE(fs::exists(root_ / ".out.old-999998"));
  EXPECT_TRUE(fs::exists(root_ / ".other.new-1"));  // another --out's, not ours
}

TEST_F(ResultFolderTest, AFolderOfOtherFilesIsNotReplaced) {
  fs::create_directories(root_ / "out");
  std::ofstream(root_ / "out" / "thesis.tex") << "precious";
  EXPECT_THROW(ResultFolder(root_ / "out"), ResultError);
  EXPECT_EQ(read(root_ / "out" / "thesis.tex"), "precious");
}

TEST_F(ResultFolderTest, AnUnusableParentFailsAtOnceWithTheSystemReason) {
  std::ofstream(root_ / "file") << "x";
  try {
    ResultFolder f(root_ / "file" / "out");
    FAIL() << "a folder under a regular file was accepted";
  } catch (const ResultError& e) {
    EXPECT_NE(std::string(e.what()).find("Not a directory"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("Success"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace drill::io
