// Fault injection at every write: a traced single run, a set of
// replications and a run whose file system has no atomic exchange are
// repeated with their 1st, 2nd, ... file call failing (open, write, close,
// mkdir, rename, exchange; tests/support/failing_file_calls.hpp)
// until one runs without a failure. Every time: the run ends in an
// io::ResultError naming the reason (the command line's exit 73), nothing
// else is thrown, the earlier result set in --out is byte for byte as it
// was and verifies, no staging or set-aside folder is left and the lock is
// free. The last run commits a complete new set.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "engine/result_set.hpp"
#include "io/result_check.hpp"
#include "tests/engine/example_drills.hpp"
#include "tests/support/failing_file_calls.hpp"

namespace drill::engine {
namespace {

namespace fs = std::filesystem;

using Files = std::map<std::string, std::string>;

class InjectedFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("drillsim-faults-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    out_ = root_ / "out";
  }
  void TearDown() override { fs::remove_all(root_); }

  static Files snapshot(const fs::path& dir) {
    Files files;
    for (const auto& e : fs::directory_iterator(dir)) {
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      files[e.path().filename().string()] = s.str();
    }
    return files;
  }
  std::vector<std::string> strays() const {
    std::vector<std::string> found;
    for (const auto& e : fs::directory_iterator(root_)) {
      const std::string n = e.path().filename().string();
      if (n != "out" && n != ".out.lock") found.push_back(n);
    }
    return found;
  }
  bool lock_is_free() const {
    const int fd = ::open((root_ / ".out.lock").c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) return true;  // never created: nobody holds it
    const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    ::close(fd);
    return free;
  }

  /// An earlier set in out_: a single run of the small drill.
  Files earlier_set() {
    const DrillSource small = testing::load_config("small.yaml");
    io::ResultFolder folder(out_);
    run_single(small, RunRequest{}, who_, &folder);
    folder.commit();
    EXPECT_TRUE(io::verify_result_set(out_).empty());
    return snapshot(out_);
  }

  /// Runs `job` into out_ with call 1, 2, ... failing until a run makes no
  /// failing call; checks every failed run. Returns the calls of a whole run.
  std::uint64_t fail_each_call(const std::function<void(io::ResultFolder&)>& job, bool no_exchange = false) {
    const Files before = earlier_set();
    for (std::uint64_t n = 1;; ++n) {
      SCOPED_TRACE("call " + std::to_string(n) + " failing");
      tests::FailingFileCalls calls(n, EIO, no_exchange);
      std::string error;
      try {
        io::ResultFolder folder(out_, &calls);
        job(folder);
        folder.commit();
      } catch (const io::ResultError& e) {
        error = e.what();
      } catch (const std::exception& e) {
        ADD_FAILURE() << "not a ResultError: " << e.what();
        return 0;
      }
      if (!calls.failed()) {
        EXPECT_TRUE(error.empty()) << error;
        const std::vector<std::string> problems = io::verify_result_set(out_);
        EXPECT_TRUE(problems.empty()) << problems.front();
        EXPECT_NE(snapshot(out_), before) << "the new set was not committed";
        EXPECT_TRUE(strays().empty()) << strays().front();
        EXPECT_TRUE(lock_is_free());
        return n - 1;
      }
      EXPECT_FALSE(error.empty()) << "call " << n << " failed and the run went on as if it had not";
      EXPECT_NE(error.find("Input/output error"), std::string::npos) << error;
      EXPECT_EQ(snapshot(out_), before) << "the earlier set changed; the error was: " << error;
      const std::vector<std::string> problems = io::verify_result_set(out_);
      EXPECT_TRUE(problems.empty()) << problems.front();
      const std::vector<std::string> left = strays();
      EXPECT_TRUE(left.empty()) << "left behind: " << left.front() << " after: " << error;
      EXPECT_TRUE(lock_is_free()) << error;
      if (::testing::Test::HasFailure()) return 0;
    }
  }

  fs::path root_;
  fs::path out_;
  const Invocation who_{"9.9.9", "abcdef012345", {"drillsim", "run"}};
};

TEST_F(InjectedFaults, EveryCallOfATracedRunFailingInTurnKeepsTheEarlierSet) {
  const DrillSource comms = testing::load_config("degraded_comms.yaml");
  RunRequest request;
  request.trace = true;
  const std::uint64_t calls = fail_each_call([&](io::ResultFolder& f) { run_single(comms, request, who_, &f); });
  // Lock, staging folder, six files opened, written (events.pb, about
  // 300 KB, in pieces of 64 KiB) and closed, the exchange.
  EXPECT_GE(calls, 25u);
  RecordProperty("file_calls", static_cast<int>(calls));
}

TEST_F(InjectedFaults, EveryCallOfAReplicationSetFailingInTurnKeepsTheEarlierSet) {
  const DrillSource small = testing::load_config("small.yaml");
  RunRequest request;
  request.replications = 3;
  request.jobs = 2;
  const std::uint64_t calls = fail_each_call([&](io::ResultFolder& f) { run_set(small, request, who_, &f); });
  EXPECT_GE(calls, 26u);  // three replications of two files, the aggregate, the manifest
  RecordProperty("file_calls", static_cast<int>(calls));
}

TEST_F(InjectedFaults, WithoutAnAtomicExchangeEveryFailingCallKeepsTheEarlierSet) {
  const DrillSource small = testing::load_config("small.yaml");
  const std::uint64_t calls =
      fail_each_call([&](io::ResultFolder& f) { run_single(small, RunRequest{}, who_, &f); }, /*no_exchange=*/true);
  EXPECT_GE(calls, 15u);  // the exchange refused, three renames instead
}

TEST_F(InjectedFaults, AnEarlierSetLeftAsideByADeadRunGoesBackInPlace) {
  const Files before = earlier_set();
  // What a run that died between its two renames leaves: the earlier set
  // moved aside, nothing in its place.
  fs::rename(out_, root_ / ".out.old-999999");
  {
    io::ResultFolder folder(out_);  // takes the lock and tidies up
    EXPECT_EQ(snapshot(out_), before);
  }
  EXPECT_TRUE(strays().empty());
}

}  // namespace
}  // namespace drill::engine
