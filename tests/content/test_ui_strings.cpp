// content/ui/strings.toml: every key in both languages, and every key the GUI code uses
// exists (the sources are scanned, so a typo in tr("...") fails here, not on screen).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "app/content/ui_strings.hpp"

using namespace synack;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = SYNACK_SOURCE_DIR;

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("ui strings: every key has English and Chinese", "[ui_strings]") {
  const UiStrings strings = UiStrings::load(ui_strings_path(kSource / "content"));
  REQUIRE(strings.all().size() > 20);
  for (const auto& [key, text] : strings.all()) {
    INFO(key);
    CHECK_FALSE(text.en.empty());
    CHECK_FALSE(text.zh.empty());
  }
}

TEST_CASE("ui strings: every key used in app/gui exists", "[ui_strings]") {
  const UiStrings strings = UiStrings::load(ui_strings_path(kSource / "content"));
  std::set<std::string> tables;  // "menu", "view", ...: a literal "menu.x" must be a key
  for (const auto& [key, text] : strings.all()) tables.insert(key.substr(0, key.find('.')));

  const std::regex tr_call(R"re(\btr\("([^"]+)"\))re");
  const std::regex literal(R"re("([a-z_]+)\.([A-Za-z_.]+)")re");
  std::size_t used = 0;
  for (const auto& entry : fs::directory_iterator(kSource / "app" / "gui")) {
    if (entry.path().extension() != ".cpp") continue;
    const std::string text = read(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), tr_call), end; it != end; ++it) {
      INFO(entry.path().filename().string() << ": tr(\"" << (*it)[1] << "\")");
      CHECK(strings.find((*it)[1].str()) != nullptr);
      ++used;
    }
    // Keys handed to tr() through a variable (title_key(), tables of keys).
    for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) {
      if (!tables.count((*it)[1].str())) continue;
      const std::string key = (*it)[1].str() + "." + (*it)[2].str();
      INFO(entry.path().filename().string() << ": \"" << key << "\"");
      CHECK(strings.find(key) != nullptr);
    }
  }
  CHECK(used > 10);
}

TEST_CASE("ui strings: unknown keys show as themselves, bad files name the line", "[ui_strings]") {
  const UiStrings s = UiStrings::parse("[menu]\nfile = { en = 'File', zh = '文件' }\n", "t.toml");
  CHECK(s.get("menu.file", Lang::zh) == "文件");
  CHECK(s.get("menu.file", Lang::en) == "File");
  CHECK(s.get("menu.nope", Lang::en) == "menu.nope");
  CHECK_THROWS_WITH(UiStrings::parse("[a]\nb = 3\n", "t.toml"), Catch::Contains("t.toml:2"));
  CHECK_THROWS_WITH(UiStrings::parse("a = { en = 'x', fr = 'y' }\n", "t.toml"),
                    Catch::Contains("t.toml:1"));
  CHECK_THROWS_WITH(UiStrings::parse("a = [\n", "t.toml"), Catch::Contains("t.toml:"));
}
