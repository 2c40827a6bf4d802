// The result folder: a set lands as a whole or not at all, replaces the old
// set entirely (and only a folder that is provably a drillsim result set),
// refuses a second writer and clears what dead runs left; the manifest's
// sizes and checksums let `verify_result_set` find what changed.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "io/result_check.hpp"
#include "io/result_files.hpp"
#include "io/run_manifest.hpp"
#include "io/sha256.hpp"

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

  /// Commits a set of `files` (name, contents) with a real manifest.
  void commit_set(const std::vector<std::pair<std::string, std::string>>& files) {
    ResultFolder f(root_ / "out");
    for (const auto& [name, text] : files) f.write(name, text);
    f.write("manifest.json", run_manifest_json(ResultManifest{}, f.written()));
    f.commit();
  }
  /// Whether a new run may replace `out`: it commits a one-file set there.
  bool replaces_out() {
    try {
      commit_set({{"summary.json", "new\n"}});
      return true;
    } catch (const ResultError& e) {
      last_error_ = e.what();
      return false;
    }
  }

  fs::path root_;
  std::string last_error_;
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
  commit_set({{"summary.json", "old\n"}, {"replication-0009.json", "old\n"}});
  ASSERT_TRUE(replaces_out()) << last_error_;
  EXPECT_EQ(read(root_ / "out" / "summary.json"), "new\n");
  EXPECT_FALSE(fs::exists(root_ / "out" / "replication-0009.json"));
  EXPECT_TRUE(strays().empty());
}

TEST_F(ResultFolderTest, ARunThatFailsLeavesTheOldSetAsItWas) {
  commit_set({{"summary.json", "old\n"}});
  const std::string manifest = read(root_ / "out" / "manifest.json");
  {
    ResultFolder f(root_ / "out");
    f.write("summary.json", "half\n");
  }  // no commit: the run failed
  EXPECT_EQ(read(root_ / "out" / "summary.json"), "old\n");
  EXPECT_EQ(read(root_ / "out" / "manifest.json"), manifest);
  EXPECT_TRUE(strays().empty());
}

TEST_F(ResultFolderTest, TheManifestListsEveryFileWithItsSizeAndSha256) {
  commit_set({{"summary.json", "{\"a\": 1}\n"}, {"metrics.prom", "x 1\n"}});
  const std::string m = read(root_ / "out" / "manifest.json");
  EXPECT_NE(m.find("\"format_version\": 3"), std::string::npos) << m;
  EXPECT_NE(m.find("\"name\": \"summary.json\""), std::string::npos) << m;
  EXPECT_NE(m.find("\"bytes\": 9"), std::string::npos) << m;
  EXPECT_NE(m.find("\"sha256\": \"" + sha256_hex("{\"a\": 1}\n") + "\""), std::string::npos) << m;
  EXPECT_NE(m.find("\"sha256\": \"" + sha256_hex("x 1\n") + "\""), std::string::npos) << m;
  EXPECT_TRUE(verify_result_set(root_ / "out").empty());
}

// A text in pieces is written piece after piece and listed with the
// digest it was given, that of the whole text.
TEST_F(ResultFolderTest, AHashedTextInPiecesIsWrittenWholeAndListedWithItsDigest) {
  const std::string middle = "{\"units\":[]}";
  const auto pieces = drill::io::HashedPieces::of({"<html>", middle, "</html>\n"});
  const std::string whole = "<html>" + middle + "</html>\n";
  EXPECT_EQ(pieces.size(), whole.size());
  {
    ResultFolder f(root_ / "out");
    f.write("report.html", pieces);
    ASSERT_EQ(f.written().size(), 1u);
    EXPECT_EQ(f.written()[0].sha256, sha256_hex(whole));
    EXPECT_EQ(f.written()[0].bytes, whole.size());
    f.write("manifest.json", run_manifest_json(ResultManifest{}, f.written()));
    f.commit();
  }
  EXPECT_EQ(read(root_ / "out" / "report.html"), whole);
  EXPECT_TRUE(verify_result_set(root_ / "out").empty());
}

// A text hashed where it was built is written as given and listed with
// that digest: the same manifest as the same bytes written plainly.
TEST_F(ResultFolderTest, AHashedTextIsWrittenAndListedWithItsDigest) {
  const std::string text = "unit,activity\nargyll,transit\n";
  {
    ResultFolder f(root_ / "out");
    f.write("timetable.csv", drill::io::HashedText::of(text));
    ASSERT_EQ(f.written().size(), 1u);
    EXPECT_EQ(f.written()[0].sha256, sha256_hex(text));
    EXPECT_EQ(f.written()[0].bytes, text.size());
    f.write("manifest.json", run_manifest_json(ResultManifest{}, f.written()));
    f.commit();
  }
  EXPECT_EQ(read(root_ / "out" / "timetable.csv"), text);
  EXPECT_TRUE(verify_result_set(root_ / "out").empty());
}

// The folder of the report that found it: a manifest.json of another tool,
// a document and a folder of sources. Nothing of it may go.
void make_project_folder(const fs::path& out, const std::string& manifest) {
  fs::create_directories(out / "src");
  std::ofstream(out / "src" / "main.c") << "int main(void) { return 0; }\n";
  std::ofstream(out / "thesis.tex") << "precious";
  std::ofstream(out / "manifest.json") << manifest;
}

TEST_F(ResultFolderTest, AFolderWithAnotherToolsManifestIsNotReplaced) {
  for (const std::string& manifest : {std::string("{\"name\":\"app\"}\n"), std::string(), std::string("garbage \x01"),
                                     std::string("{\"format\": \"drillsim.manifest\"}")}) {
    make_project_folder(root_ / "out", manifest);
    EXPECT_FALSE(replaces_out()) << "manifest: " << manifest;
    EXPECT_EQ(read(root_ / "out" / "thesis.tex"), "precious");
    EXPECT_TRUE(fs::exists(root_ / "out" / "src" / "main.c"));
    EXPECT_EQ(read(root_ / "out" / "manifest.json"), manifest);
    fs::remove_all(root_ / "out");
  }
}

TEST_F(ResultFolderTest, AManifestThatIsAFolderOrASymlinkIsNotAResultSet) {
  fs::create_directories(root_ / "out" / "manifest.json");
  std::ofstream(root_ / "out" / "thesis.tex") << "precious";
  EXPECT_FALSE(replaces_out());
  EXPECT_NE(last_error_.find("not a regular file"), std::string::npos) << last_error_;
  EXPECT_EQ(read(root_ / "out" / "thesis.tex"), "precious");
  fs::remove_all(root_ / "out");

  // A symlink to a real manifest elsewhere.
  commit_set({{"summary.json", "old\n"}});
  fs::rename(root_ / "out", root_ / "real");
  fs::create_directories(root_ / "out");
  fs::create_symlink(root_ / "real" / "manifest.json", root_ / "out" / "manifest.json");
  std::ofstream(root_ / "out" / "thesis.tex") << "precious";
  EXPECT_FALSE(replaces_out());
  EXPECT_EQ(read(root_ / "out" / "thesis.tex"), "precious");
}

TEST_F(ResultFolderTest, AResultSetHoldingOneFileOfTheUsersIsNotReplaced) {
  commit_set({{"summary.json", "old\n"}});
  std::ofstream(root_ / "out" / "notes.txt") << "mine";
  EXPECT_FALSE(replaces_out());
  EXPECT_NE(last_error_.find("notes.txt"), std::string::npos) << last_error_;
  EXPECT_EQ(read(root_ / "out" / "notes.txt"), "mine");
  EXPECT_EQ(read(root_ / "out" / "summary.json"), "old\n");
  EXPECT_EQ(verify_result_set(root_ / "out").size(), 1u);

  fs::remove(root_ / "out" / "notes.txt");
  fs::create_directories(root_ / "out" / "src");
  EXPECT_FALSE(replaces_out());
  EXPECT_TRUE(fs::exists(root_ / "out" / "src"));
}

TEST_F(ResultFolderTest, AResultSetWhoseFileWasEditedIsNotReplaced) {
  commit_set({{"summary.json", "old\n"}});
  std::ofstream(root_ / "out" / "summary.json") << "edited by hand\n";
  EXPECT_FALSE(replaces_out());
  EXPECT_NE(last_error_.find("summary.json has changed"), std::string::npos) << last_error_;
  EXPECT_EQ(read(root_ / "out" / "summary.json"), "edited by hand\n");
  const auto problems = verify_result_set(root_ / "out");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("summary.json"), std::string::npos) << problems[0];

  // Same size, other bytes: the checksum tells.
  std::ofstream(root_ / "out" / "summary.json") << "OLD\n";
  EXPECT_FALSE(replaces_out());
  EXPECT_NE(last_error_.find("SHA-256"), std::string::npos) << last_error_;
}

TEST_F(ResultFolderTest, AResultSetMissingAFileIsReplacedButDoesNotVerify) {
  commit_set({{"summary.json", "old\n"}, {"metrics.prom", "x 1\n"}});
  fs::remove(root_ / "out" / "metrics.prom");
  const auto problems = verify_result_set(root_ / "out");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "metrics.prom is missing");
  EXPECT_TRUE(replaces_out()) << last_error_;  // nothing of the user's is lost
}

TEST_F(ResultFolderTest, AFormatVersion2SetListingNamesOnlyIsReplaced) {
  fs::create_directories(root_ / "out");
  std::ofstream(root_ / "out" / "manifest.json")
      << "{\"format\": \"drillsim.manifest\", \"format_version\": 2, \"files\": [\"manifest.json\", \"summary.json\"]}\n";
  std::ofstream(root_ / "out" / "summary.json") << "{}";
  EXPECT_TRUE(replaces_out()) << last_error_;
  EXPECT_EQ(read(root_ / "out" / "summary.json"), "new\n");
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

TEST_F(ResultFolderTest, ALockHeldWithTheTextOfAFinishedRunDoesNotNameIt) {
  // A child that has exited: its pid runs no more.
  const pid_t gone = ::fork();
  if (gone == 0) ::_exit(0);
  int status = 0;
  ASSERT_EQ(::waitpid(gone, &status, 0), gone);
  char host[256] = "";
  ::gethostname(host, sizeof host - 1);
  const fs::path lock = root_ / ".out.lock";
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);  // held, as by a run that has not written its line yet
  std::ofstream(lock) << "drillsim pid " << gone << " on " << host << " since 2026-01-01T00:00:00Z\n";
  try {
    ResultFolder f(root_ / "out");
    FAIL() << "a locked --out was let in";
  } catch (const ResultError& e) {
    EXPECT_NE(std::string(e.what()).find("another drillsim run"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("pid " + std::to_string(gone)), std::string::npos) << e.what();
  }
  ::close(fd);
}

TEST_F(ResultFolderTest, ARunThatEndsClearsItsNameFromTheLockFile) {
  { ResultFolder f(root_ / "out"); }
  EXPECT_EQ(fs::file_size(root_ / ".out.lock"), 0u);
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

TEST_F(ResultFolderTest, AnEmptyFolderIsUsed) {
  fs::create_directories(root_ / "out");
  EXPECT_TRUE(replaces_out()) << last_error_;
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


TEST_F(ResultFolderTest, AWritePastTheBudgetFailsNamingItAndTheOldSetStays) {
  commit_set({{"summary.json", "old\n"}});
  const std::string manifest = read(root_ / "out" / "manifest.json");
  std::string error;
  try {
    ResultFolder f(root_ / "out");
    f.set_budget(10);
    f.write("summary.json", "0123456789");  // exactly the budget
    EXPECT_EQ(f.bytes_written(), 10u);
    f.write("metrics.prom", "x");
    f.commit();
  } catch (const ResultError& e) {
    error = e.what();
  }
  EXPECT_NE(error.find("metrics.prom"), std::string::npos) << error;
  EXPECT_NE(error.find("size budget of 10 bytes"), std::string::npos) << error;
  EXPECT_NE(error.find("--max-output"), std::string::npos) << error;
  EXPECT_EQ(read(root_ / "out" / "summary.json"), "old\n");
  EXPECT_EQ(read(root_ / "out" / "manifest.json"), manifest);
  EXPECT_TRUE(strays().empty());
}

TEST_F(ResultFolderTest, FilesInASubfolderAreListedVerifiedAndReplaced) {
  commit_set({{"sweep.csv", "a\n"}, {"runs/p0000-r0000.summary.json", "{}\n"}, {"runs/p0000-r0001.summary.json", "[]\n"}});
  EXPECT_EQ(read(root_ / "out" / "runs" / "p0000-r0001.summary.json"), "[]\n");
  EXPECT_TRUE(verify_result_set(root_ / "out").empty());
  EXPECT_EQ(why_not_replaceable(root_ / "out"), std::nullopt);
  commit_set({{"sweep.csv", "b\n"}});
  EXPECT_FALSE(fs::exists(root_ / "out" / "runs"));
  EXPECT_TRUE(strays().empty());
}

TEST_F(ResultFolderTest, AFileOfTheUsersInAListedSubfolderStopsAReplacement) {
  commit_set({{"runs/p0000-r0000.summary.json", "{}\n"}});
  std::ofstream(root_ / "out" / "runs" / "notes.txt") << "mine\n";
  const std::optional<std::string> why = why_not_replaceable(root_ / "out");
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("runs/notes.txt"), std::string::npos) << *why;
  EXPECT_THROW(ResultFolder(root_ / "out"), ResultError);
}

TEST_F(ResultFolderTest, AnAdoptedFileIsListedWithItsSizeAndSha256AndCountsAgainstTheBudget) {
  {
    ResultFolder f(root_ / "out");
    std::ofstream(f.staged("sweep.db"), std::ios::binary) << "database bytes";
    f.adopt("sweep.db");
    ASSERT_EQ(f.written().size(), 1u);
    EXPECT_EQ(f.written()[0].bytes, 14u);
    EXPECT_EQ(f.written()[0].sha256, sha256_hex("database bytes"));
    EXPECT_EQ(f.bytes_written(), 14u);
    f.write("manifest.json", run_manifest_json(ResultManifest{}, f.written()));
    f.commit();
  }
  EXPECT_TRUE(verify_result_set(root_ / "out").empty());
  ResultFolder g(root_ / "out");
  g.set_budget(5);
  std::ofstream(g.staged("sweep.db"), std::ios::binary) << "database bytes";
  try {
    g.adopt("sweep.db");
    ADD_FAILURE() << "adopted past the budget";
  } catch (const ResultError& e) {
    EXPECT_NE(std::string(e.what()).find("--max-output"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace drill::io
