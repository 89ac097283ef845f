// Start-up sync against a copy of the shipped content: an unchanged checkout is skipped,
// and an edited, added or deleted quiz file is picked up without losing progress.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "app/content/scenario_catalog.hpp"
#include "app/quiz/content_sync.hpp"
#include "tests/support/scratch.hpp"

using namespace synack;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kT0 = 1'800'000'000;

fs::path copy_of_content(const std::string& name) {
  const fs::path dir = test::scratch_dir("sync", name);
  fs::copy(find_content_dir(), dir, fs::copy_options::recursive);
  return dir;
}

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

}  // namespace

TEST_CASE("start-up sync follows the content files and keeps progress", "[quiz][sync]") {
  const fs::path content = copy_of_content("c");
  const fs::path db = content.parent_path() / "c.db";
  fs::remove(db);
  auto bank = QuizBank::open(db, nullptr);

  StartupSync first = sync_bank(*bank, content, kT0);
  CHECK_FALSE(first.skipped);
  CHECK(first.content.added >= 200);
  CHECK(first.generated.added > 0);
  CHECK(sync_bank(*bank, content, kT0).skipped);

  // Answer one item, then edit its file.
  const std::string id = *bank->next_card(kT0, {"HS-11"}, {});
  ReviewRecord r;
  r.item_id = id;
  r.at = kT0;
  r.grade = {true, true, fsrs::Rating::good, "1"};
  bank->record(r);
  const fsrs::Card progress = *bank->card(id);

  const fs::path handshake = content / "quiz" / "handshake.toml";
  std::string text = read(handshake);
  const auto at = text.find("id = \"" + id + "\"");
  REQUIRE(at != std::string::npos);
  const auto explanation = text.find("explanation = { en = \"", at);
  text.insert(explanation + std::string("explanation = { en = \"").size(), "Edited. ");
  write(handshake, text);

  StartupSync edited = sync_bank(*bank, content, kT0 + 10);
  CHECK_FALSE(edited.skipped);
  CHECK(edited.content.changed == 1);
  CHECK(edited.content.added == 0);
  CHECK(*bank->card(id) == progress);

  SECTION("a deleted file's items are removed; restored with their progress when it returns") {
    const std::string saved = read(handshake);
    fs::remove(handshake);
    StartupSync gone = sync_bank(*bank, content, kT0 + 20);
    CHECK(gone.content.removed >= 50);
    CHECK_FALSE(bank->item(id));
    write(handshake, saved);
    StartupSync back = sync_bank(*bank, content, kT0 + 30);
    CHECK(back.content.restored == gone.content.removed);
    CHECK(*bank->card(id) == progress);
  }
  SECTION("a new file's items are added") {
    write(content / "quiz" / "extra.toml",
          "[[item]]\nid = \"extra-1\"\ntopic = \"BA-03\"\ntype = \"truefalse\"\n"
          "question = { en = \"TCP is a byte stream.\", zh = \"TCP 是字节流。\" }\n"
          "answer = true\nexplanation = { en = \"Yes.\", zh = \"是。\" }\n");
    CHECK(sync_bank(*bank, content, kT0 + 20).content.added == 1);
    CHECK(bank->item("extra-1"));
  }
}
