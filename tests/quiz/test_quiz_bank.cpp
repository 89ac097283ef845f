// The quiz bank in SQLite: syncing content keeps progress, the log is append-only and
// rebuilds the cards, and damaged, newer or read-only files are handled without loss.
#include <SQLiteCpp/Statement.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "app/quiz/bank.hpp"
#include "app/quiz/quiz_loader.hpp"
#include "tests/support/scratch.hpp"

using namespace synack;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) {
  return test::scratch_dir("bank", name);
}

QuizItem item(const std::string& id, const std::string& topic = "HS-11", int answer = 1) {
  const std::string text = "[[item]]\nid = \"" + id + "\"\ntopic = \"" + topic +
                           "\"\ntype = \"single\"\n"
                           "question = { en = \"Q\", zh = \"问\" }\n"
                           "choices = [{ en = \"a\", zh = \"甲\" }, { en = \"b\", zh = \"乙\" }]\n"
                           "answer = " +
                           std::to_string(answer) + "\nexplanation = { en = \"E\", zh = \"解\" }\n";
  return load_quiz_text(text, "content/quiz/t.toml", QuizContext{}).at(0);
}

ReviewRecord review(const std::string& id, std::int64_t at, bool right) {
  ReviewRecord r;
  r.item_id = id;
  r.at = at;
  r.grade.readable = true;
  r.grade.correct = right;
  r.grade.rating = right ? fsrs::Rating::good : fsrs::Rating::again;
  r.grade.given = right ? "1" : "2";
  r.item_hash = "h";
  return r;
}

int count(QuizBank& bank, const std::string& sql) {
  return bank.db().execAndGet(sql).getInt();
}

constexpr std::int64_t kT0 = 1'800'000'000;  // 2027-01-15

}  // namespace

TEST_CASE("a new bank is created with its directory, in WAL mode, at the current schema",
          "[quiz][bank]") {
  const fs::path path = temp_dir("new") / "deep" / "synack.db";
  std::string notice;
  auto bank = QuizBank::open(path, &notice);
  CHECK(notice.empty());
  CHECK(fs::exists(path));
  CHECK(bank->db().execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(bank->db().execAndGet("PRAGMA foreign_keys").getInt() == 1);
  CHECK(bank->db().execAndGet("PRAGMA user_version").getInt() == kBankSchemaVersion);
}

TEST_CASE("sync adds, changes, removes and restores items without losing progress",
          "[quiz][bank]") {
  auto bank = QuizBank::open(temp_dir("sync") / "b.db", nullptr);
  SyncReport r = bank->sync({item("a"), item("b"), item("c")}, ItemSource::content, kT0);
  CHECK(r.added == 3);
  bank->record(review("a", kT0 + 10, true));
  const fsrs::Card progress = *bank->card("a");
  CHECK(progress.reps == 1);

  SECTION("unchanged content is a no-op") {
    r = bank->sync({item("a"), item("b"), item("c")}, ItemSource::content, kT0 + 20);
    CHECK(r.unchanged == 3);
    CHECK(r.added + r.changed + r.removed == 0);
  }
  SECTION("a changed answer updates the item and keeps its card and log") {
    r = bank->sync({item("a", "HS-11", 2), item("b"), item("c")}, ItemSource::content, kT0 + 20);
    CHECK(r.changed == 1);
    CHECK(*bank->card("a") == progress);
    CHECK(bank->item("a")->hash == item("a", "HS-11", 2).hash);
    CHECK(count(*bank, "SELECT count(*) FROM reviews WHERE item_id = 'a'") == 1);
  }
  SECTION("a removed item is hidden, keeps its progress, and comes back with it") {
    r = bank->sync({item("b"), item("c")}, ItemSource::content, kT0 + 20);
    CHECK(r.removed == 1);
    CHECK_FALSE(bank->item("a"));
    CHECK(bank->next_card(kT0 + 1'000'000, {}, {}) != "a");
    r = bank->sync({item("a"), item("b"), item("c")}, ItemSource::content, kT0 + 30);
    CHECK(r.restored == 1);
    CHECK(*bank->card("a") == progress);
  }
  SECTION("syncing one source never removes another's items") {
    r = bank->sync({}, ItemSource::generated, kT0 + 20);
    CHECK(r.removed == 0);
    CHECK(bank->items().size() == 3);
  }
}

TEST_CASE("due cards come first, most overdue first, then new cards in order; topics filter",
          "[quiz][bank]") {
  auto bank = QuizBank::open(temp_dir("due") / "b.db", nullptr);
  bank->sync({item("a", "HS-11"), item("b", "HS-12"), item("c", "FW-01")}, ItemSource::content,
             kT0);
  CHECK(bank->next_card(kT0, {}, {}) == "a");  // all new: file order
  CHECK(bank->next_card(kT0, {"FW-01"}, {}) == "c");
  CHECK(bank->next_card(kT0, {}, {"a"}) == "b");
  CHECK_FALSE(bank->next_card(kT0, {"AT-01"}, {}));

  bank->record(review("b", kT0, false));  // learning step 1: due in a minute
  bank->record(review("c", kT0, true));   // learning step 2: due in ten minutes
  const std::int64_t b_due = bank->card("b")->due;
  const std::int64_t c_due = bank->card("c")->due;
  CHECK(kT0 < b_due);
  CHECK(b_due < c_due);
  CHECK(bank->next_card(kT0 + 1, {}, {}, false) == std::nullopt);  // nothing due yet
  CHECK(bank->next_card(kT0 + 1, {}, {}) == "a");                  // but a new card
  CHECK(bank->due_count(b_due, {}) == 1);
  CHECK(bank->next_card(b_due, {}, {}) == "b");
  CHECK(bank->next_card(b_due, {}, {"b"}) == "a");
  CHECK(bank->due_count(c_due, {}) == 2);
  CHECK(bank->next_card(c_due, {}, {}) == "b");  // the most overdue first
  CHECK(bank->next_card(c_due, {}, {"b"}) == "c");
}

TEST_CASE("the review log is append-only and rebuilds the cards", "[quiz][bank]") {
  auto bank = QuizBank::open(temp_dir("log") / "b.db", nullptr);
  bank->sync({item("a"), item("b")}, ItemSource::content, kT0);
  std::int64_t t = kT0;
  for (bool right : {true, true, false, true, true}) {
    bank->record(review("a", t, right));
    t = bank->card("a")->due;
  }
  bank->record(review("b", kT0 + 5, true));
  const fsrs::Card a = *bank->card("a");
  CHECK(a.reps == 5);
  CHECK(a.lapses == 1);

  CHECK_THROWS_WITH(bank->db().exec("DELETE FROM reviews"),
                    Catch::Contains("the review log is append-only"));
  CHECK_THROWS_WITH(bank->db().exec("UPDATE reviews SET rating = 4"),
                    Catch::Contains("the review log is append-only"));

  fsrs::Parameters p;
  bank->rebuild_cards(p);
  CHECK(*bank->card("a") == a);  // same scheduler, same log: same cards
  p.desired_retention = 0.8;
  bank->rebuild_cards(p);
  CHECK(bank->card("a")->due > a.due);  // lower retention: longer intervals
  CHECK(bank->card("a")->reps == 5);
}

TEST_CASE("imported items are added beside the content and may not take its ids", "[quiz][bank]") {
  auto bank = QuizBank::open(temp_dir("import") / "b.db", nullptr);
  bank->sync({item("a")}, ItemSource::content, kT0);
  QuizItem mine = item("mine");
  mine.origin = "teacher.toml";
  CHECK(bank->import_items({mine}, kT0).added == 1);
  CHECK(bank->sync({item("a")}, ItemSource::content, kT0 + 1).removed == 0);
  CHECK(bank->item("mine")->source == ItemSource::import);
  QuizItem clash = item("a");
  clash.origin = "teacher.toml";
  CHECK_THROWS_WITH(bank->import_items({clash}, kT0),
                    "teacher.toml:1: item.id: id \"a\" already belongs to the content item from "
                    "content/quiz/t.toml; give the imported item another id");
}

TEST_CASE("a damaged bank is moved aside, never overwritten, and a fresh one started",
          "[quiz][bank]") {
  const fs::path dir = temp_dir("corrupt");
  const fs::path path = dir / "synack.db";
  {
    std::ofstream out(path, std::ios::binary);
    out << std::string(8192, 'x');  // not a database
  }
  std::string notice;
  auto bank = QuizBank::open(path, &notice);
  CHECK_THAT(notice, Catch::Contains("could not be read") && Catch::Contains("moved to"));
  int aside = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().starts_with("synack.db.corrupt-")) {
      ++aside;
      CHECK(fs::file_size(e.path()) == 8192);  // the old bytes, untouched
    }
  }
  CHECK(aside == 1);
  CHECK(bank->sync({item("a")}, ItemSource::content, kT0).added == 1);
}

TEST_CASE("a bank from a newer synack is refused with a clear message", "[quiz][bank]") {
  const fs::path path = temp_dir("newer") / "synack.db";
  QuizBank::open(path, nullptr)->db().exec("PRAGMA user_version = 99");
  CHECK_THROWS_WITH(QuizBank::open(path, nullptr),
                    Catch::Contains("was written by a newer synack (bank schema version 99") &&
                        Catch::Contains("--db PATH"));
  CHECK(fs::exists(path));  // refused, not replaced
}

// Root writes anywhere, so the check runs in a child that drops to "nobody" when needed.
std::string open_error_as_user(const fs::path& path) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    std::string message = "opened";
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) message = "setuid";
    try {
      if (message == "opened") QuizBank::open(path, nullptr);
    } catch (const std::exception& e) {
      message = e.what();
    }
    const ssize_t written = ::write(fds[1], message.data(), message.size());
    ::_exit(written == static_cast<ssize_t>(message.size()) ? 0 : 1);
  }
  ::close(fds[1]);
  std::string out;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return out;
}

TEST_CASE("a read-only location is a clear error", "[quiz][bank]") {
  const fs::path dir = temp_dir("readonly");
  fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                           fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  const std::string message = open_error_as_user(dir / "synack.db");
  CHECK_THAT(message,
             Catch::Contains(dir.string() + " is not writable") && Catch::Contains("--db PATH"));
  CHECK_FALSE(fs::exists(dir / "synack.db"));
  fs::permissions(dir, fs::perms::owner_all);
}
