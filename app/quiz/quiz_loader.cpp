#include "app/quiz/quiz_loader.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "app/content/anchor.hpp"
#include "app/content/localized_text.hpp"
#include "app/content/toml_reader.hpp"
#include "app/content/topics.hpp"
#include "app/quiz/quiz_hash.hpp"

namespace synack {

namespace {

constexpr std::string_view kTypeNames[] = {"single",  "multiple", "truefalse",
                                           "numeric", "order",    "explain"};

bool valid_item_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// toml++ keeps a table's keys sorted, so the same item always prints the same text.
std::string canonical_body(const toml::table& table) {
  std::ostringstream out;
  out << table;
  return out.str();
}

std::vector<LocalizedText> load_choices(const TomlTable& t) {
  const toml::array* array = t.opt_table_array("choices");
  if (array == nullptr) t.fail("choices", "required for this type: 2 to 9 {en, zh} tables");
  if (array->size() < 2 || array->size() > 9) {
    t.fail("choices", "give 2 to 9 choices, not " + std::to_string(array->size()));
  }
  std::vector<LocalizedText> out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    out.push_back(load_text(table_at(t, "choices", *array, i)));
  }
  return out;
}

// The 1-based choice numbers of `answer`, each in 1..n and none twice.
std::vector<int> load_choice_list(const TomlTable& t, int n) {
  const toml::array* array = t.opt_array("answer");
  if (array == nullptr) t.fail("answer", "expected an array of choice numbers, like [1, 3]");
  std::vector<int> out;
  for (const toml::node& node : *array) {
    const auto* v = node.as_integer();
    if (v == nullptr || v->get() < 1 || v->get() > n) {
      t.fail("answer", "every entry must be a choice number from 1 to " + std::to_string(n));
    }
    const int k = static_cast<int>(v->get());
    if (std::find(out.begin(), out.end(), k) != out.end()) {
      t.fail("answer", "choice " + std::to_string(k) + " is listed twice");
    }
    out.push_back(k);
  }
  if (out.empty()) t.fail("answer", "list at least one choice");
  return out;
}

void load_answer(const TomlTable& t, QuizItem& item) {
  switch (item.type) {
    case QuizType::single:
      item.choices = load_choices(t);
      item.right_choices = {
          static_cast<int>(t.req_int("answer", 1, static_cast<int>(item.choices.size())))};
      break;
    case QuizType::multiple:
      item.choices = load_choices(t);
      item.right_choices = load_choice_list(t, static_cast<int>(item.choices.size()));
      std::sort(item.right_choices.begin(), item.right_choices.end());
      break;
    case QuizType::order:
      item.choices = load_choices(t);
      item.right_choices = load_choice_list(t, static_cast<int>(item.choices.size()));
      if (item.right_choices.size() != item.choices.size()) {
        t.fail("answer", "an order must list every choice once: " +
                             std::to_string(item.choices.size()) + " numbers");
      }
      break;
    case QuizType::truefalse: {
      const auto b = t.opt_bool("answer");
      if (!b) t.fail("answer", "expected true or false");
      item.right_bool = *b;
      break;
    }
    case QuizType::numeric:
      item.right_number = t.req_number("answer", -1e15, 1e15);
      item.tolerance = t.opt_number("tolerance", 0, 1e15).value_or(0);
      item.unit = t.req_string("unit");
      break;
    case QuizType::explain:
      item.model_answer = load_text(t, "answer");
      break;
  }
  const bool has_choices = item.type == QuizType::single || item.type == QuizType::multiple ||
                           item.type == QuizType::order;
  if (!has_choices && t.has("choices")) t.fail("choices", "only for single, multiple and order");
  if (item.type != QuizType::numeric) {
    for (const char* key : {"unit", "tolerance"}) {
      if (t.has(key)) t.fail(key, "only for numeric items");
    }
  }
}

QuizItem load_item(const TomlTable& t, const QuizContext& ctx) {
  t.allow_only({"id", "topic", "type", "question", "choices", "answer", "unit", "tolerance",
                "explanation", "material", "scenario", "at"});
  QuizItem item;
  item.id = t.req_string("id");
  if (!valid_item_id(item.id)) t.fail("id", "use lowercase letters, digits and '-'");
  item.topic = t.req_string("topic");
  if (!valid_topic_form(item.topic)) {
    t.fail("topic", "bad topic id \"" + item.topic + "\"; expected \"XX-NN\"");
  }
  if (ctx.topics != nullptr && ctx.topics->count(item.topic) == 0) {
    t.fail("topic", "unknown topic id \"" + item.topic + "\"");
  }
  const std::string type = t.req_string("type");
  const auto parsed = find_quiz_type(type);
  if (!parsed) {
    t.fail("type", "unknown type \"" + type +
                       "\"; valid: single, multiple, truefalse, numeric, order, explain");
  }
  item.type = *parsed;
  item.question = load_text(t, "question");
  if (!t.has("answer")) t.fail("answer", "required key is missing");
  load_answer(t, item);
  item.explanation = load_text(t, "explanation");
  if (t.has("material")) item.material = load_text(t, "material");

  if (auto scenario = t.opt_string("scenario")) {
    if (ctx.scenarios != nullptr && ctx.scenarios->count(*scenario) == 0) {
      t.fail("scenario", "no scenario \"" + *scenario + "\" in content/scenarios");
    }
    item.scenario = *scenario;
  }
  if (t.has("at")) {
    if (item.scenario.empty()) t.fail("at", "needs `scenario`: the scenario it is a step of");
    std::vector<HostSpec> hosts;
    if (ctx.hosts_of) hosts = ctx.hosts_of(item.scenario);
    item.at = load_step_anchor(TomlTable(t.req_table("at"), t.field("at"), t.file()), hosts);
  }
  item.origin = t.file();
  item.line = t.line();
  item.body = canonical_body(t.table());
  item.hash = hash_hex(item.body);
  return item;
}

toml::table parse_toml(std::string_view text, const std::string& file) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw ScenarioError(file, static_cast<int>(e.source().begin.line), "",
                        "TOML syntax error: " + std::string(e.description()));
  }
}

}  // namespace

std::string_view quiz_type_name(QuizType t) {
  return kTypeNames[static_cast<int>(t)];
}

std::optional<QuizType> find_quiz_type(std::string_view name) {
  for (int i = 0; i < static_cast<int>(std::size(kTypeNames)); ++i) {
    if (kTypeNames[i] == name) return static_cast<QuizType>(i);
  }
  return std::nullopt;
}

std::vector<QuizItem> load_quiz_text(std::string_view text, const std::string& file,
                                     const QuizContext& ctx) {
  const toml::table doc = parse_toml(text, file);
  TomlTable root(doc, "", file);
  root.allow_only({"item"});
  std::vector<QuizItem> items;
  const toml::array* array = root.opt_table_array("item");
  if (array == nullptr) return items;
  std::map<std::string, int> lines;
  for (std::size_t i = 0; i < array->size(); ++i) {
    TomlTable t = table_at(root, "item", *array, i);
    QuizItem item = load_item(t, ctx);
    if (auto [it, added] = lines.emplace(item.id, t.line()); !added) {
      t.fail("id", "id \"" + item.id + "\" is already used at line " + std::to_string(it->second));
    }
    items.push_back(std::move(item));
  }
  return items;
}

std::vector<QuizItem> load_quiz_file(const std::filesystem::path& file, const QuizContext& ctx) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ScenarioError(file.string(), 0, "", "cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return load_quiz_text(text.str(), file.string(), ctx);
}

std::vector<QuizItem> load_quiz_dir(const std::filesystem::path& dir, const QuizContext& ctx) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".toml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<QuizItem> all;
  std::map<std::string, std::string> where;
  for (const auto& f : files) {
    for (QuizItem& item : load_quiz_file(f, ctx)) {
      const std::string here = item.origin + ":" + std::to_string(item.line);
      if (auto [it, added] = where.emplace(item.id, here); !added) {
        throw ScenarioError(item.origin, item.line, "item.id",
                            "id \"" + item.id + "\" is already used at " + it->second);
      }
      all.push_back(std::move(item));
    }
  }
  return all;
}

QuizItem quiz_item_from_body(std::string_view body, const std::string& origin) {
  const toml::table doc = parse_toml(body, origin);
  QuizItem item = load_item(TomlTable(doc, "", origin), QuizContext{});
  item.origin = origin;
  return item;
}

}  // namespace synack
