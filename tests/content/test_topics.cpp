// content/topics.toml: it loads, it matches shared/topics.md, and each kind of mistake is
// reported as FILE:LINE: FIELD: message.
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "app/content/scenario_catalog.hpp"
#include "app/content/topics.hpp"
#include "tests/support/topics_md.hpp"

using namespace synack;
namespace fs = std::filesystem;

namespace {

// Line numbers matter below: line N of kBase is commented with N.
const std::string kBase = R"([[section]]
id = "HS"
title = { en = "Handshake", zh = "握手" }
[[topic]]
id = "HS-01"
section = "HS"
dynamic = true
title = { en = "Three-way handshake", zh = "三次握手" }
[[topic]]
id = "HS-02"
section = "HS"
dynamic = false
title = { en = "Data on the SYN", zh = "SYN 携带数据" }
)";
// 1-3 section[0], 4-8 topic[0], 9-13 topic[1].

std::string with(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// The error message, or "" when the text loads.
std::string error_of(const std::string& text) {
  try {
    load_topics_from_string(text, "t.toml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the shipped topics load", "[topics]") {
  TopicList list = load_content_topics(find_content_dir());
  CHECK(list.sections.size() == 8);
  CHECK(list.topics.size() == 72);
  REQUIRE(list.find("BA-01") != nullptr);
  CHECK(list.find("BA-01")->section == "BA");
  CHECK(list.find("HS-01")->dynamic);
  CHECK(list.find("ZZ-99") == nullptr);
  for (const Section& s : list.sections) {
    INFO("section " << s.id);
    CHECK_FALSE(s.title.en.empty());
    CHECK_FALSE(s.title.zh.empty());
  }
  for (const Topic& t : list.topics) {
    INFO("topic " << t.id);
    CHECK_FALSE(t.title.en.empty());
    CHECK_FALSE(t.title.zh.empty());
  }
}

TEST_CASE("the shipped topics are those of shared/topics.md", "[topics][content]") {
  const fs::path md = SYNACK_SOURCE_DIR "/../shared/topics.md";
  if (!fs::exists(md)) {
    WARN("shared/topics.md not found at " << md << "; ids not compared");
    return;
  }
  const std::vector<std::pair<std::string, bool>> expected = test::markdown_topics(md);
  REQUIRE(expected.size() >= 70);  // the parser found the tables
  std::vector<std::pair<std::string, bool>> shipped;
  for (const Topic& t : load_content_topics(find_content_dir()).topics) {
    shipped.emplace_back(t.id, t.dynamic);
  }
  CHECK(shipped == expected);
}

TEST_CASE("a minimal topic file loads in file order", "[topics]") {
  TopicList list = load_topics_from_string(kBase, "t.toml");
  REQUIRE(list.sections.size() == 1);
  CHECK(list.sections[0].title.zh == "握手");
  REQUIRE(list.topics.size() == 2);
  CHECK(list.topics[0].id == "HS-01");
  CHECK(list.topics[1].title.en == "Data on the SYN");
  CHECK_FALSE(list.topics[1].dynamic);
  CHECK(list.find("HS-02") == &list.topics[1]);
}

TEST_CASE("topic file mistakes name file, line and field", "[topics]") {
  CHECK(error_of(with(kBase, "dynamic = true\n", "dynamic = true\nlevel = 2\n")) ==
        "t.toml:8: topic[0].level: unknown key \"level\"; valid: id, section, dynamic, title");
  CHECK(error_of(with(kBase, "dynamic = false\n", "")) ==
        "t.toml:9: topic[1].dynamic: required key is missing");
  CHECK(error_of(with(kBase, "dynamic = true", "dynamic = \"yes\"")) ==
        "t.toml:7: topic[0].dynamic: expected boolean, got string");
  CHECK(error_of(with(kBase, "\"HS-02\"", "\"HS-01\"")) ==
        "t.toml:10: topic[1].id: topic \"HS-01\" is declared twice");
  CHECK(error_of(with(kBase, "\"HS-02\"", "\"HS-2\"")) ==
        "t.toml:10: topic[1].id: bad topic id \"HS-2\"; expected \"XX-NN\" (\"HS-01\")");
  CHECK(error_of(with(kBase, "\"HS-01\"", "\"hs-01\"")) ==
        "t.toml:5: topic[0].id: bad topic id \"hs-01\"; expected \"XX-NN\" (\"HS-01\")");
  CHECK(error_of(
            with(kBase, "id = \"HS-02\"\nsection = \"HS\"", "id = \"FW-02\"\nsection = \"FW\"")) ==
        "t.toml:11: topic[1].section: unknown section \"FW\"; declare it as [[section]]");
  CHECK(error_of(with(kBase, "\"HS-02\"", "\"FW-02\"")) ==
        "t.toml:11: topic[1].section: topic \"FW-02\" cannot be in section \"HS\"; its id says "
        "\"FW\"");
  CHECK(error_of(with(kBase, "zh = \"三次握手\"", "zh = \"\"")) ==
        "t.toml:8: topic[0].title.zh: must not be empty");
  CHECK(error_of(with(kBase, "{ en = \"Handshake\", zh = \"握手\" }", "{ en = \"Handshake\" }")) ==
        "t.toml:3: section[0].title.zh: required key is missing");
  CHECK(error_of(with(kBase, "id = \"HS\"", "id = \"H\"")) ==
        "t.toml:2: section[0].id: bad section id \"H\"; expected two capital letters (\"HS\")");
  CHECK(error_of("version = 1\n" + kBase) ==
        "t.toml:1: version: unknown key \"version\"; valid: section, topic");
  CHECK(error_of(with(kBase, "dynamic = true", "dynamic = "))
            .starts_with("t.toml:7: TOML syntax error: "));
}

TEST_CASE("a missing topic file is reported", "[topics]") {
  CHECK_THROWS_WITH(load_topics(SYNACK_TEST_DATA "/nope-topics.toml"),
                    SYNACK_TEST_DATA "/nope-topics.toml: cannot open file");
}
