// `synack interview` end to end: the scripted protocol (an answer line, tick/untick lines, a
// follow-up answer, a grade line), the review log it fills, the stats that show interview
// mastery beside the quiz's, and a real process killed mid-drill losing nothing graded.
#include <SQLiteCpp/Database.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>
#include <string>

#include "app/cli/cli.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/scratch.hpp"

using namespace synack;
namespace fs = std::filesystem;

namespace {

struct Result {
  int code;
  std::string out, err;
};

Result cli(std::vector<std::string> args, const std::string& input) {
  std::istringstream in(input);
  std::ostringstream out, err;
  const int code = run_cli(args, in, false, out, err);
  return {code, out.str(), err.str()};
}

int query_int(const fs::path& db, const std::string& sql) {
  SQLite::Database d(db.string());
  return d.execAndGet(sql).getInt();
}

std::string query_text(const fs::path& db, const std::string& sql) {
  SQLite::Database d(db.string());
  return d.execAndGet(sql).getString();
}

}  // namespace

TEST_CASE("scripted interview: answers, ticks, a follow-up and grades land in the review log",
          "[interview][cli]") {
  const fs::path db = test::scratch_file("cliinterview", "script.db");
  // TW-02 only: its one entry. The answer makes two points; "tick 5" adds one by hand; the
  // follow-up is answered; "3" grades Good. End of input then ends the drill cleanly.
  const Result r = cli({"interview", "--db", db.string(), "--topic", "TW-02", "--count", "2"},
                       "Old segments die out, and a retransmitted FIN still gets an answer\n"
                       "tick 5\n"
                       "untick 9\n"
                       "Each resent FIN restarts the timer, so more losses are covered\n"
                       "tick 2\n"
                       "3\n");
  CHECK(r.code == 0);
  INFO(r.out);
  CHECK_THAT(r.out, Catch::Contains("[1/2] TW-02"));
  CHECK_THAT(r.out, Catch::Contains("Model answer:"));
  CHECK_THAT(r.out, Catch::Contains("[x] 5."));
  CHECK_THAT(r.out, Catch::Contains("No point 9."));
  CHECK_THAT(r.out, Catch::Contains("Follow-up: "));
  CHECK_THAT(r.out, Catch::Contains("Answers interviewers reject:"));
  CHECK_THAT(r.out, Catch::Contains("watch: synack --scenario "));
  CHECK_THAT(r.out, Catch::Contains("Proposed grade: "));
  CHECK_THAT(r.out, Catch::Contains("Drill over: 1 answered."));
  CHECK(query_int(db, "SELECT count(*) FROM reviews") == 1);
  CHECK(query_text(db, "SELECT item_id FROM reviews") == "tw02-why-2msl");
  CHECK(query_int(db, "SELECT rating FROM reviews") == 3);
  CHECK(query_text(db, "SELECT answer FROM reviews") ==
        "Old segments die out, and a retransmitted FIN still gets an answer");
  const std::string detail = query_text(db, "SELECT detail FROM reviews");
  CHECK_THAT(detail, Catch::Contains(",5]"));  // the hand tick is in the log
  CHECK_THAT(detail, Catch::Contains("Each resent FIN restarts the timer"));
  // Interview cards are never counted as quiz items.
  CHECK(query_int(db, "SELECT count(*) FROM items WHERE type = 'interview'") >= 72);

  // An empty grade line takes the proposed grade; the stats show interview mastery.
  const Result again =
      cli({"interview", "--db", db.string(), "--topic", "HS-04", "--count", "1", "--lang", "zh"},
          "\n\n\n");
  CHECK(again.code == 0);
  CHECK_THAT(again.out, Catch::Contains("参考答案："));
  CHECK_THAT(again.out, Catch::Contains("建议评分：忘了"));  // said nothing: no points
  CHECK(query_int(db, "SELECT count(*) FROM reviews") == 2);
  CHECK(query_int(db, "SELECT rating FROM reviews ORDER BY id DESC LIMIT 1") == 1);

  const Result stats = cli({"quiz", "--db", db.string(), "--stats"}, "");
  CHECK(stats.code == 0);
  CHECK_THAT(stats.out, Catch::Contains("interview"));
  CHECK_THAT(stats.out, Catch::Contains("TW-02"));
}

TEST_CASE("interview: a bad topic is a usage error", "[interview][cli]") {
  const fs::path db = test::scratch_file("cliinterview", "bad.db");
  const Result r = cli({"interview", "--db", db.string(), "--topic", "XX-99"}, "");
  CHECK(r.code == kExitUsage);
  CHECK_THAT(r.err, Catch::Contains("unknown topic \"XX-99\""));
}

#ifdef SYNACK_BINARY
TEST_CASE("kill -9 in the middle of a drill loses no grade already given", "[interview][cli]") {
  const fs::path db = test::scratch_file("cliinterview", "kill.db");
  test::ChildProcess child(SYNACK_BINARY, {"interview", "--db", db.string(), "--count", "5"},
                           SYNACK_SOURCE_DIR "/content");
  REQUIRE(child.started());
  for (int i = 1; i <= 2; ++i) {
    REQUIRE(child.wait_for("[" + std::to_string(i) + "/5]"));
    REQUIRE(child.say("an answer\n"));    // the question
    REQUIRE(child.say("another one\n"));  // the follow-up
    REQUIRE(child.say("2\n"));            // Hard
  }
  REQUIRE(child.wait_for("[3/5]"));  // the second grade is saved and the third question shown
  REQUIRE(child.say("half an answer\n"));
  const int status = child.kill();
  CHECK(WIFSIGNALED(status));
  CHECK(query_int(db, "SELECT count(*) FROM reviews") == 2);
  CHECK(query_int(db, "SELECT count(*) FROM reviews WHERE rating = 2") == 2);
  CHECK(query_int(db,
                  "SELECT count(*) FROM cards c JOIN items i ON i.id = c.item_id "
                  "WHERE i.type = 'interview' AND c.reps > 0") == 2);
}
#endif
