#pragma once
// content/topics.toml: the topic ids of shared/topics.md with a short title each, grouped
// in sections, plus the topics we teach beyond that material (flow and congestion control),
// marked `beyond_material = true`. Quiz items, narrations and scenarios are tagged with these
// ids.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "app/content/localized_text.hpp"
#include "app/content/scenario_error.hpp"

namespace synack {

struct Section {
  std::string id;  // "HS"
  LocalizedText title;
  bool beyond_material = false;  // every topic of it is beyond the course material
};

struct Topic {
  std::string id;        // "HS-01"
  std::string section;   // "HS"
  bool dynamic = false;  // shared/topics.md wants an animated scenario for it
  LocalizedText title;
  // Not in shared/topics.md: set on the topic or inherited from its section.
  bool beyond_material = false;
  // Where the topic is found, "beyond the material" for those; empty when not given.
  LocalizedText where = {};
};

struct TopicList {
  std::vector<Section> sections;  // file order
  std::vector<Topic> topics;      // file order
  const Topic* find(std::string_view id) const;
};

// Strict: an unknown key, a missing field, a bad or duplicate id, an undeclared section or a
// topic that says it is in the material while its section is beyond it throws ScenarioError
// ("FILE:LINE: FIELD: message").
TopicList load_topics(const std::filesystem::path& file);
// `source` names the text in messages.
TopicList load_topics_from_string(std::string_view text, const std::string& source);

// "HS-01": two capital letters (the section), a dash, two digits.
bool valid_topic_form(std::string_view id);

// content_dir/topics.toml; content_dir is usually find_content_dir().
TopicList load_content_topics(const std::filesystem::path& content_dir);

}  // namespace synack
