// content/topics.toml: it loads, it matches shared/topics.md (but for the topics marked beyond
// the material), and each kind of mistake is reported as FILE:LINE: FIELD: message.
#include <algorithm>
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

// Why content/topics.toml does not match shared/topics.md, one line a difference; empty when
// it does. The topics not marked beyond the material must be the checklist's, in its order,
// with its dynamic flag; a topic marked beyond the material must not be in the checklist.
std::vector<std::string> checklist_mismatches(
    const TopicList& list, const std::vector<std::pair<std::string, bool>>& checklist) {
  std::vector<std::string> out;
  std::vector<std::pair<std::string, bool>> in_material;
  for (const Topic& t : list.topics) {
    if (!t.beyond_material) {
      in_material.emplace_back(t.id, t.dynamic);
      continue;
    }
    auto listed = [&](const auto& row) { return row.first == t.id; };
    if (std::any_of(checklist.begin(), checklist.end(), listed)) {
      out.push_back(t.id + " is in shared/topics.md but marked beyond the material");
    }
  }
  for (std::size_t i = 0; i < std::max(in_material.size(), checklist.size()); ++i) {
    auto name = [](const auto& rows, std::size_t at) {
      if (at >= rows.size()) return std::string("nothing");
      return rows[at].first + (rows[at].second ? " (dynamic)" : " (not dynamic)");
    };
    if (i >= in_material.size() || i >= checklist.size() || in_material[i] != checklist[i]) {
      out.push_back("topic " + std::to_string(i + 1) + ": topics.toml has " + name(in_material, i) +
                    ", shared/topics.md " + name(checklist, i));
    }
  }
  return out;
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
  CHECK(list.sections.size() == 10);
  CHECK(list.topics.size() == 86);
  REQUIRE(list.find("BA-01") != nullptr);
  CHECK(list.find("BA-01")->section == "BA");
  CHECK(list.find("HS-01")->dynamic);
  CHECK_FALSE(list.find("HS-01")->beyond_material);
  // Flow and congestion control are taught beyond the material, and say so.
  for (const Topic& t : list.topics) {
    INFO("topic " << t.id);
    const bool beyond = t.section == "FC" || t.section == "CC";
    CHECK(t.beyond_material == beyond);
    CHECK(t.where.en == (beyond ? "beyond the material" : ""));
    CHECK(t.where.zh == (beyond ? "资料之外" : ""));
  }
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
  for (const std::string& m :
       checklist_mismatches(load_content_topics(find_content_dir()), expected)) {
    FAIL_CHECK(m);
  }
}

TEST_CASE("only topics marked beyond the material may be missing from shared/topics.md",
          "[topics]") {
  const std::vector<std::pair<std::string, bool>> checklist = {{"HS-01", true}, {"HS-02", false}};
  const std::string extra = R"([[topic]]
id = "HS-03"
section = "HS"
dynamic = true
title = { en = "Extra", zh = "额外" }
)";
  const std::string beyond_section = R"([[section]]
id = "CC"
title = { en = "Congestion control", zh = "拥塞控制" }
beyond_material = true
[[topic]]
id = "CC-01"
section = "CC"
dynamic = true
title = { en = "Why", zh = "为什么" }
where = { en = "beyond the material", zh = "资料之外" }
)";
  CHECK(checklist_mismatches(load_topics_from_string(kBase, "t.toml"), checklist).empty());

  // A topic marked on its own, and a section marked as a whole: both are accepted.
  TopicList marked = load_topics_from_string(
      kBase + with(extra, "dynamic = true\n", "dynamic = true\nbeyond_material = true\n"),
      "t.toml");
  REQUIRE(marked.topics.size() == 3);
  CHECK(marked.topics[2].beyond_material);
  CHECK(marked.topics[2].where.en.empty());
  CHECK_FALSE(marked.topics[0].beyond_material);
  CHECK(checklist_mismatches(marked, checklist).empty());
  TopicList section = load_topics_from_string(kBase + beyond_section, "t.toml");
  REQUIRE(section.sections.size() == 2);
  CHECK(section.sections[1].beyond_material);
  CHECK_FALSE(section.sections[0].beyond_material);
  CHECK(section.topics[2].beyond_material);
  CHECK(section.topics[2].where.zh == "资料之外");
  CHECK(checklist_mismatches(section, checklist).empty());

  // An extra topic that is not marked fails, and so does a marked one that is in the list.
  CHECK(checklist_mismatches(load_topics_from_string(kBase + extra, "t.toml"), checklist) ==
        std::vector<std::string>{
            "topic 3: topics.toml has HS-03 (dynamic), shared/topics.md nothing"});
  CHECK(checklist_mismatches(
            load_topics_from_string(
                with(kBase, "dynamic = false\n", "dynamic = false\nbeyond_material = true\n"),
                "t.toml"),
            checklist) ==
        std::vector<std::string>{
            "HS-02 is in shared/topics.md but marked beyond the material",
            "topic 2: topics.toml has nothing, shared/topics.md HS-02 (not dynamic)"});
  // A changed dynamic flag is still a difference.
  CHECK(checklist_mismatches(load_topics_from_string(kBase, "t.toml"),
                             {{"HS-01", false}, {"HS-02", false}}) ==
        std::vector<std::string>{
            "topic 1: topics.toml has HS-01 (dynamic), shared/topics.md HS-01 (not dynamic)"});
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
        "t.toml:8: topic[0].level: unknown key \"level\"; valid: id, section, dynamic, title, "
        "beyond_material, where");
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
  CHECK(error_of(with(kBase, "id = \"HS\"\n", "id = \"HS\"\nbeyond_material = true\n") +
                 "beyond_material = false\n") ==
        "t.toml:15: topic[1].beyond_material: section \"HS\" is beyond the material, so all of "
        "its topics are");
  CHECK(error_of(with(kBase, "dynamic = true\n", "dynamic = true\nbeyond_material = 1\n")) ==
        "t.toml:8: topic[0].beyond_material: expected boolean, got integer");
  CHECK(error_of(with(kBase, "dynamic = true\n", "dynamic = true\nwhere = \"elsewhere\"\n"))
            .starts_with("t.toml:8: topic[0].where: "));
  CHECK(error_of(with(kBase, "id = \"HS\"\n", "id = \"HS\"\nbeyond_material = \"yes\"\n")) ==
        "t.toml:3: section[0].beyond_material: expected boolean, got string");
  CHECK(error_of("version = 1\n" + kBase) ==
        "t.toml:1: version: unknown key \"version\"; valid: section, topic");
  CHECK(error_of(with(kBase, "dynamic = true", "dynamic = "))
            .starts_with("t.toml:7: TOML syntax error: "));
}

TEST_CASE("a missing topic file is reported", "[topics]") {
  CHECK_THROWS_WITH(load_topics(SYNACK_TEST_DATA "/nope-topics.toml"),
                    SYNACK_TEST_DATA "/nope-topics.toml: cannot open file");
}
