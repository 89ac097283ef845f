// `synack quiz` end to end: the scripted protocol (one line, one answer), stats, export and
// import, and a real process killed in the middle of a session losing nothing answered.
#include <SQLiteCpp/Database.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "app/cli/cli.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/scratch.hpp"

using namespace synack;
namespace fs = std::filesystem;

namespace {

fs::path temp_path(const std::string& name) {
  return test::scratch_file("cliquiz", name);
}

struct Result {
  int code;
  std::string out, err;
};

Result quiz(std::vector<std::string> args, const std::string& input) {
  args.insert(args.begin(), "quiz");
  std::istringstream in(input);
  std::ostringstream out, err;
  const int code = run_cli(args, in, false, out, err);
  return {code, out.str(), err.str()};
}

int query_int(const fs::path& db, const std::string& sql) {
  SQLite::Database d(db.string());
  return d.execAndGet(sql).getInt();
}

}  // namespace

TEST_CASE("scripted quiz: every line is one answer, and end of input ends the session cleanly",
          "[quiz][cli]") {
  const fs::path db = temp_path("s.db");
  const Result r =
      quiz({"--db", db.string(), "--topic", "HS-11", "--count", "5"}, "not an answer\n1\n2\n");
  CHECK(r.code == 0);
  CHECK_THAT(r.err, Catch::Contains("new"));  // the first start fills the bank
  CHECK_THAT(r.out, Catch::Contains("[1/5] HS-11") && Catch::Contains("[3/5] HS-11") &&
                        Catch::Contains("[4/5] HS-11"));
  CHECK_THAT(r.out, Catch::Contains("Could not read that as an answer; counted as wrong"));
  CHECK_THAT(r.out, Catch::Contains("Session over: 3 answered"));
  CHECK(query_int(db, "SELECT count(*) FROM reviews") == 3);
  CHECK(query_int(db, "SELECT count(*) FROM reviews WHERE readable = 0") == 1);
  CHECK(query_int(db, "SELECT count(DISTINCT item_id) FROM reviews") == 3);

  SECTION("the second start changes nothing and says nothing about the bank") {
    const Result again = quiz({"--db", db.string(), "--count", "1"}, "");
    CHECK(again.code == 0);
    CHECK(again.err.empty());
    CHECK(query_int(db, "SELECT count(*) FROM reviews") == 3);
  }
  SECTION("stats count the answers") {
    const Result s = quiz({"--db", db.string(), "--stats"}, "");
    CHECK(s.code == 0);
    CHECK_THAT(s.out, Catch::Contains("Reviews: 3") && Catch::Contains("HS-11") &&
                          Catch::Contains("Weakest topics:"));
  }
}

TEST_CASE("quiz in Chinese, and a bad topic id is a usage error with a suggestion", "[quiz][cli]") {
  const fs::path db = temp_path("zh.db");
  const Result r =
      quiz({"--db", db.string(), "--topic", "FW-05", "--count", "1", "--lang", "zh"}, "1\n");
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("本次练习结束：回答 1 题"));
  const Result bad = quiz({"--db", db.string(), "--topic", "FW-5"}, "");
  CHECK(bad.code == kExitUsage);
  CHECK_THAT(bad.err, Catch::Contains("unknown topic \"FW-5\"; did you mean FW-05?"));
}

TEST_CASE("a wrong answer is repeated in words, with its unit or its choice's text",
          "[quiz][cli]") {
  // HS-11's first item on a fresh bank: the SYN give-up time, 63 s.
  const Result en =
      quiz({"--db", temp_path("fb.db").string(), "--topic", "HS-11", "--count", "1"}, "60\n");
  CHECK_THAT(en.out,
             Catch::Contains("✗ Wrong. You answered: 60 s") && Catch::Contains("The answer: 63 s"));
  const Result zh = quiz(
      {"--db", temp_path("fb-zh.db").string(), "--topic", "HS-11", "--count", "1", "--lang", "zh"},
      "60s\n");
  CHECK_THAT(zh.out, Catch::Contains("你的答案：60 s") && Catch::Contains("正确答案：63 s"));
  // HS-01's first item orders the handshake: the student's order comes back as the steps.
  const Result order =
      quiz({"--db", temp_path("fb-order.db").string(), "--topic", "HS-01", "--count", "1"},
           "1,2,3,4,5\n");
  CHECK_THAT(order.out, Catch::Contains("You answered: 1. ") && Catch::Contains(" → 2. ") &&
                            Catch::Contains(" → 5. "));
  CHECK_THAT(order.out, !Catch::Contains("You answered: 1,2,3,4,5"));
}

TEST_CASE("export writes an Anki CSV of every fixed item", "[quiz][cli]") {
  const fs::path db = temp_path("e.db");
  const fs::path csv = temp_path("e.csv");
  const Result r = quiz({"--db", db.string(), "--export", csv.string()}, "");
  CHECK(r.code == 0);
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  CHECK(line == "#separator:Comma");
  int notes = 0;
  while (std::getline(in, line)) notes += line.starts_with("\"") ? 1 : 0;
  CHECK(notes >= 200);
  CHECK_THAT(r.out, Catch::Contains("Wrote " + std::to_string(notes) + " notes"));
}

TEST_CASE("import adds an instructor's items, and names file, line and field on error",
          "[quiz][cli]") {
  const fs::path db = temp_path("i.db");
  const fs::path file = temp_path("mine.toml");
  {
    std::ofstream out(file);
    out << "[[item]]\nid = \"teacher-1\"\ntopic = \"HS-01\"\ntype = \"truefalse\"\n"
           "question = { en = \"The SYN carries the ISN.\", zh = \"SYN 携带 ISN。\" }\n"
           "answer = true\nexplanation = { en = \"It does.\", zh = \"是的。\" }\n";
  }
  Result r = quiz({"--db", db.string(), "--import", file.string()}, "");
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("1 new"));
  CHECK(query_int(db, "SELECT count(*) FROM items WHERE source = 'import'") == 1);

  {
    std::ofstream out(file);
    out << "[[item]]\nid = \"teacher-2\"\ntopic = \"HS-01\"\ntype = \"truefalse\"\n"
           "question = { en = \"Q\", zh = \"问\" }\nanswer = \"yes\"\n"
           "explanation = { en = \"E\", zh = \"解\" }\n";
  }
  r = quiz({"--db", db.string(), "--import", file.string()}, "");
  CHECK(r.code == kExitUsage);
  CHECK_THAT(r.err,
             Catch::Contains(file.string() + ":6: item[0].answer: expected boolean, got string"));

  {
    std::ofstream out(file);
    out << "[[item]]\nid = \"teacher-3\"\ntopic = \"HS-11\"\ntype = \"truefalse\"\n"
           "question = { en = \"Q\", zh = \"问\" }\nanswer = true\n"
           "explanation = { en = \"E\", zh = \"解\" }\nscenario = \"syn-lost\"\n"
           "at = { type = \"send\", host = \"client\", flags = \"SYN\", nth = 9 }\n";
  }
  r = quiz({"--db", db.string(), "--import", file.string()}, "");
  CHECK(r.code == kExitUsage);
  CHECK_THAT(r.err, Catch::Contains(file.string() +
                                    ":1: item.at: matches no event of scenario \"syn-lost\""));
  CHECK(query_int(db, "SELECT count(*) FROM items WHERE source = 'import'") == 1);
}

#ifdef SYNACK_BINARY
TEST_CASE("kill -9 in the middle of a session loses no answer already given", "[quiz][cli]") {
  const fs::path db = temp_path("kill.db");
  test::ChildProcess child(SYNACK_BINARY, {"quiz", "--db", db.string(), "--count", "10"},
                           SYNACK_SOURCE_DIR "/content");
  REQUIRE(child.started());
  for (int i = 1; i <= 3; ++i) {
    REQUIRE(child.wait_for("[" + std::to_string(i) + "/10]"));
    REQUIRE(child.say("1\n"));
  }
  REQUIRE(child.wait_for("[4/10]"));  // the third answer has been graded and shown
  const int status = child.kill();
  CHECK(WIFSIGNALED(status));
  CHECK(query_int(db, "SELECT count(*) FROM reviews") == 3);
  CHECK(query_int(db, "SELECT count(*) FROM sessions WHERE ended_at IS NULL") == 1);
  CHECK(query_int(db, "SELECT count(*) FROM cards WHERE reps > 0") == 3);
}
#endif
