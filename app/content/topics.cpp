#include "app/content/topics.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "app/content/localized_text.hpp"
#include "app/content/toml_reader.hpp"

namespace synack {
namespace {

bool upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool digit(char c) {
  return c >= '0' && c <= '9';
}

// "HS": two capital letters.
bool valid_section_id(std::string_view id) {
  return id.size() == 2 && upper(id[0]) && upper(id[1]);
}

}  // namespace

// "HS-01": a section id, a dash, two digits.
bool valid_topic_form(std::string_view id) {
  return id.size() == 5 && valid_section_id(id.substr(0, 2)) && id[2] == '-' && digit(id[3]) &&
         digit(id[4]);
}

namespace {

std::vector<Section> load_sections(const TomlTable& root) {
  const toml::array& array = root.req_table_array("section");
  if (array.empty()) root.fail("section", "declare at least one [[section]]");
  std::vector<Section> sections;
  for (std::size_t i = 0; i < array.size(); ++i) {
    TomlTable t = table_at(root, "section", array, i);
    t.allow_only({"id", "title", "beyond_material"});
    Section s;
    s.id = t.req_string("id");
    if (!valid_section_id(s.id)) {
      t.fail("id", "bad section id \"" + s.id + "\"; expected two capital letters (\"HS\")");
    }
    for (const Section& other : sections) {
      if (other.id == s.id) t.fail("id", "section \"" + s.id + "\" is declared twice");
    }
    s.title = load_text(t, "title");
    s.beyond_material = t.opt_bool("beyond_material").value_or(false);
    sections.push_back(std::move(s));
  }
  return sections;
}

std::vector<Topic> load_topic_tables(const TomlTable& root, const std::vector<Section>& sections) {
  const toml::array& array = root.req_table_array("topic");
  if (array.empty()) root.fail("topic", "declare at least one [[topic]]");
  std::vector<Topic> topics;
  for (std::size_t i = 0; i < array.size(); ++i) {
    TomlTable t = table_at(root, "topic", array, i);
    t.allow_only({"id", "section", "dynamic", "title", "beyond_material", "where"});
    Topic topic;
    topic.id = t.req_string("id");
    if (!valid_topic_form(topic.id)) {
      t.fail("id", "bad topic id \"" + topic.id + "\"; expected \"XX-NN\" (\"HS-01\")");
    }
    for (const Topic& other : topics) {
      if (other.id == topic.id) t.fail("id", "topic \"" + topic.id + "\" is declared twice");
    }
    topic.section = t.req_string("section");
    auto declared = [&](const Section& s) { return s.id == topic.section; };
    auto section = std::find_if(sections.begin(), sections.end(), declared);
    if (section == sections.end()) {
      t.fail("section", "unknown section \"" + topic.section + "\"; declare it as [[section]]");
    }
    // The id's prefix is the section, so a topic can't be filed in the wrong section.
    if (!topic.id.starts_with(topic.section + "-")) {
      t.fail("section", "topic \"" + topic.id + "\" cannot be in section \"" + topic.section +
                            "\"; its id says \"" + topic.id.substr(0, 2) + "\"");
    }
    std::optional<bool> dynamic = t.opt_bool("dynamic");
    if (!dynamic) t.fail("dynamic", "required key is missing");
    topic.dynamic = *dynamic;
    topic.title = load_text(t, "title");
    const std::optional<bool> beyond = t.opt_bool("beyond_material");
    if (beyond == false && section->beyond_material) {
      t.fail("beyond_material",
             "section \"" + topic.section + "\" is beyond the material, so all of its topics are");
    }
    topic.beyond_material = beyond.value_or(section->beyond_material);
    if (t.has("where")) topic.where = load_text(t, "where");
    topics.push_back(std::move(topic));
  }
  return topics;
}

}  // namespace

const Topic* TopicList::find(std::string_view id) const {
  auto it = std::find_if(topics.begin(), topics.end(), [&](const Topic& t) { return t.id == id; });
  return it == topics.end() ? nullptr : &*it;
}

TopicList load_topics_from_string(std::string_view text, const std::string& source) {
  toml::table doc;
  try {
    doc = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw ScenarioError(source, static_cast<int>(e.source().begin.line), "",
                        "TOML syntax error: " + std::string(e.description()));
  }
  TomlTable root(doc, "", source);
  root.allow_only({"section", "topic"});
  TopicList list;
  list.sections = load_sections(root);
  list.topics = load_topic_tables(root, list.sections);
  return list;
}

TopicList load_topics(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ScenarioError(file.string(), 0, "", "cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  return load_topics_from_string(text.str(), file.string());
}

TopicList load_content_topics(const std::filesystem::path& content_dir) {
  return load_topics(content_dir / "topics.toml");
}

}  // namespace synack
