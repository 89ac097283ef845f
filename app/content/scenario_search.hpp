#pragma once
// The scenario browser's search, with no UI library. Every word of the query must occur
// (AND) somewhere a student might remember it from: the id, the title and summary in both
// languages (whatever the window's language), the topic ids and their titles, and the
// narration. Case, full-width forms (ＡＣＫ) and - _ or a space inside ids do not matter;
// Chinese is matched as a substring, without word segmentation.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "app/content/scenario.hpp"
#include "app/content/scenario_catalog.hpp"
#include "app/content/topics.hpp"

namespace synack {

// Where the weakest word of a query was found: a scenario whose every word is in its name
// ranks above one that needs its summary, which ranks above one found only in narration.
enum class SearchRank { name, about, narration };

struct SearchHit {
  std::string id;
  SearchRank rank = SearchRank::name;
};

// The text as the search compares it: ASCII lower case, full-width ASCII made half-width,
// each run of spaces, tabs, newlines, '-', '_' and U+3000 one space.
std::string fold_for_search(std::string_view utf8);

// The query's words, split at spaces (ASCII, U+3000 and tabs) and folded; "" words dropped.
// "ack-lost" stays one word ("ack lost"), so an id is matched as a whole.
std::vector<std::string> search_terms(std::string_view query);

class ScenarioSearch {
 public:
  ScenarioSearch() = default;
  ScenarioSearch(const std::vector<Scenario>& scenarios, const TopicList& topics);
  // Every scenario of the catalog, loaded from its file (one that fails to load is left
  // out: the browser lists its error), with the topic titles of content_dir/topics.toml.
  static ScenarioSearch from_catalog(const Catalog& catalog,
                                     const std::filesystem::path& content_dir);

  // Best first; ties keep the scenarios' order. An empty query finds nothing.
  std::vector<SearchHit> find(std::string_view query) const;
  std::size_t size() const { return docs_.size(); }

 private:
  struct Doc {
    std::string id;
    std::vector<std::string> ids;  // the scenario id and its topic ids, folded, no spaces
    std::string name;              // id, titles, topic ids (folded)
    std::string about;             // summaries, topic and section titles
    std::string narration;
  };
  std::vector<Doc> docs_;
};

}  // namespace synack
