// The scenario browser's search: real queries against the shipped catalog, and the rules
// (every word, both languages, case, full-width, separators, rank) on small scenarios.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "app/content/scenario_search.hpp"

using namespace synack;

namespace {

const ScenarioSearch& shipped() {
  static const ScenarioSearch search =
      ScenarioSearch::from_catalog(load_catalog(find_content_dir()), find_content_dir());
  return search;
}

std::vector<std::string> ids(const std::vector<SearchHit>& hits) {
  std::vector<std::string> out;
  for (const auto& h : hits) out.push_back(h.id);
  return out;
}

bool has(const std::vector<SearchHit>& hits, const std::string& id) {
  return std::any_of(hits.begin(), hits.end(), [&](const SearchHit& h) { return h.id == id; });
}

Scenario scenario(std::string id, std::string title, std::string narration = "") {
  Scenario s;
  s.spec.id = std::move(id);
  s.title = {std::move(title), ""};
  if (!narration.empty()) s.narration.push_back({{}, {std::move(narration), ""}, 1});
  return s;
}

}  // namespace

TEST_CASE("search: folding makes case, width and id separators equal", "[search]") {
  CHECK(fold_for_search("ACK-Lost") == "ack lost");
  CHECK(fold_for_search("TIME_WAIT") == "time wait");
  CHECK(fold_for_search("ＡＣＫ　ｌｏｓｔ") == "ack lost");  // full-width letters, U+3000
  CHECK(fold_for_search("ＨＳ－１３") == "hs 13");
  CHECK(fold_for_search("第三次握手（ACK）") == "第三次握手(ack)");  // （ is U+FF08
  CHECK(fold_for_search("  a \t\n b  ") == "a b");
}

TEST_CASE("search: the query splits at ASCII and ideographic spaces only", "[search]") {
  CHECK(search_terms("third ack") == std::vector<std::string>{"third", "ack"});
  CHECK(search_terms("握手　丢失 ") == std::vector<std::string>{"握手", "丢失"});
  CHECK(search_terms("ack-lost") == std::vector<std::string>{"ack lost"});
  CHECK(search_terms("  ").empty());
}

TEST_CASE("search: real queries find the scenario a student means", "[search]") {
  const ScenarioSearch& s = shipped();
  REQUIRE(s.size() > 30);

  for (const char* q :
       {"third ack", "握手 丢失", "ack lost", "ACK-LOST", "ＡＣＫ　ｌｏｓｔ", "第三次 握手"}) {
    INFO(q);
    const auto hits = s.find(q);
    REQUIRE(has(hits, "ack-lost"));
  }
  // Words anywhere, in any order: the id names it, so it comes first.
  CHECK(s.find("ack lost").front().id == "ack-lost");
  CHECK(s.find("lost ack").front().id == "ack-lost");
  CHECK(s.find("syn flood").front().id == "syn-flood");
  CHECK(s.find("SYN Flood").front().id == "syn-flood");

  // A nonsense word, or one word of two missing, finds nothing.
  CHECK(s.find("xyzzy").empty());
  CHECK(s.find("handshake xyzzy").empty());
  CHECK(s.find("").empty());
}

TEST_CASE("search: topic ids, however written, find their scenarios", "[search]") {
  const Catalog catalog = load_catalog(find_content_dir());
  std::vector<std::string> hs13;
  for (const auto& e : catalog.entries) {
    if (std::find(e.topics.begin(), e.topics.end(), "HS-13") != e.topics.end()) {
      hs13.push_back(e.id);
    }
  }
  REQUIRE_FALSE(hs13.empty());
  for (const char* q : {"HS-13", "hs13", "hs-13", "HS_13", "ｈｓ１３"}) {
    INFO(q);
    const auto hits = shipped().find(q);
    for (const std::string& id : hs13) CHECK(has(hits, id));
    // Found by the id itself, not because "13" occurs in some text.
    for (const auto& h : hits) {
      INFO(h.id);
      CHECK(std::find(hs13.begin(), hs13.end(), h.id) != hs13.end());
    }
  }
}

TEST_CASE("search: time_wait finds every TIME_WAIT scenario, the named ones first", "[search]") {
  const Catalog catalog = load_catalog(find_content_dir());
  const auto hits = shipped().find("time_wait");
  std::size_t named = 0;
  for (const auto& e : catalog.entries) {
    const bool tw_topic = std::any_of(e.topics.begin(), e.topics.end(),
                                      [](const std::string& t) { return t.rfind("TW-", 0) == 0; });
    if (tw_topic) {
      INFO(e.id);
      CHECK(has(hits, e.id));
    }
    if (e.id.find("time-wait") != std::string::npos) ++named;
  }
  REQUIRE(named >= 3);
  // time-wait-max-buckets, ...: their id says it, so they rank with the name matches.
  for (std::size_t i = 0; i < hits.size(); ++i) {
    if (hits[i].id.find("time-wait") == std::string::npos) continue;
    INFO(hits[i].id);
    CHECK(hits[i].rank == SearchRank::name);
  }
  CHECK(ids(shipped().find("TIME-WAIT")) == ids(hits));
  CHECK(ids(shipped().find("time wait")).size() >= hits.size());
}

TEST_CASE("search: every word must occur; names rank above summaries above narration", "[search]") {
  Scenario told = scenario("told", "Something else", "the third ACK is lost");
  Scenario named = scenario("named", "The third ACK is lost");
  Scenario about = scenario("about", "Loss");
  about.summary = {"", "第三次握手的 ACK 丢失"};
  about.topics = {"HS-13"};
  TopicList topics;
  topics.sections.push_back({"HS", {"Connection establishment", "建立连接"}});
  topics.topics.push_back({"HS-13", "HS", true, {"The third ACK is lost", "第三次握手丢失"}});
  const ScenarioSearch s({told, named, about}, topics);

  const auto hits = s.find("third ack");
  REQUIRE(ids(hits) == std::vector<std::string>{"named", "about", "told"});
  CHECK(hits[0].rank == SearchRank::name);
  CHECK(hits[1].rank == SearchRank::about);  // by its topic's title
  CHECK(hits[2].rank == SearchRank::narration);

  // Chinese by substring, in the summary whatever the window's language.
  CHECK(ids(s.find("握手 丢失")) == std::vector<std::string>{"about"});
  CHECK(ids(s.find("建立连接")) == std::vector<std::string>{"about"});  // the section's title
  CHECK(s.find("third xyzzy").empty());
  // Each word may come from a different field: "lost" from the narration, "something" from
  // the title.
  CHECK(ids(s.find("lost something")) == std::vector<std::string>{"told"});
}
