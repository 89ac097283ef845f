#include "app/interview/interview_loader.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "app/content/anchor.hpp"
#include "app/content/localized_text.hpp"
#include "app/content/toml_reader.hpp"
#include "app/content/topics.hpp"
#include "app/interview/point_match.hpp"

namespace synack {

namespace {

bool valid_entry_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::vector<std::string> load_phrase_list(const TomlTable& t, std::string_view key) {
  const toml::array* array = t.opt_array(key);
  if (array == nullptr || array->empty()) t.fail(key, "give at least one phrase");
  std::vector<std::string> out;
  for (const toml::node& node : *array) {
    const auto* s = node.as_string();
    if (s == nullptr || s->get().empty()) t.fail(key, "every phrase is a non-empty string");
    out.push_back(s->get());
  }
  return out;
}

// The first phrase of each language names the point as the model answer says it, so a
// perfect answer makes every point.
void check_first_phrase(const TomlTable& phrases, std::string_view lang,
                        const std::vector<std::string>& list, const std::string& answer) {
  if (!phrase_occurs(list.front(), fold_for_match(answer))) {
    phrases.fail(lang, "the first phrase \"" + list.front() + "\" does not occur in the " +
                           std::string(lang) + " model answer");
  }
}

KeyPoint load_point(const TomlTable& t, const LocalizedText& answer, const QuizContext& ctx) {
  t.allow_only({"text", "phrases", "scenario", "at"});
  KeyPoint p;
  p.text = load_text(t, "text");
  const TomlTable phrases(t.req_table("phrases"), t.field("phrases"), t.file());
  phrases.allow_only({"en", "zh"});
  p.phrases.en = load_phrase_list(phrases, "en");
  p.phrases.zh = load_phrase_list(phrases, "zh");
  check_first_phrase(phrases, "en", p.phrases.en, answer.en);
  check_first_phrase(phrases, "zh", p.phrases.zh, answer.zh);
  if (auto scenario = t.opt_string("scenario")) {
    if (ctx.scenarios != nullptr && ctx.scenarios->count(*scenario) == 0) {
      t.fail("scenario", "no scenario \"" + *scenario + "\" in content/scenarios");
    }
    p.scenario = *scenario;
  }
  if (t.has("at")) {
    if (p.scenario.empty()) t.fail("at", "needs `scenario`: the scenario it is a step of");
    std::vector<HostSpec> hosts;
    if (ctx.hosts_of) hosts = ctx.hosts_of(p.scenario);
    p.at = load_step_anchor(TomlTable(t.req_table("at"), t.field("at"), t.file()), hosts);
  }
  return p;
}

std::vector<KeyPoint> load_points(const TomlTable& t, const LocalizedText& answer, std::size_t min,
                                  std::size_t max, const QuizContext& ctx) {
  const toml::array* array = t.opt_table_array("point");
  const std::size_t n = array == nullptr ? 0 : array->size();
  if (n < min || n > max) {
    t.fail("point", "give " + std::to_string(min) + " to " + std::to_string(max) +
                        " key points, not " + std::to_string(n));
  }
  std::vector<KeyPoint> out;
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(load_point(table_at(t, "point", *array, i), answer, ctx));
  return out;
}

InterviewEntry load_entry(const TomlTable& t, const QuizContext& ctx) {
  t.allow_only({"id", "topic", "question", "answer", "mistakes", "quiz", "point", "followup"});
  InterviewEntry e;
  e.id = t.req_string("id");
  if (!valid_entry_id(e.id)) t.fail("id", "use lowercase letters, digits and '-'");
  e.topic = t.req_string("topic");
  if (!valid_topic_form(e.topic)) {
    t.fail("topic", "bad topic id \"" + e.topic + "\"; expected \"XX-NN\"");
  }
  if (ctx.topics != nullptr && ctx.topics->count(e.topic) == 0) {
    t.fail("topic", "unknown topic id \"" + e.topic + "\"");
  }
  e.question = load_text(t, "question");
  e.answer = load_text(t, "answer");
  const toml::array* mistakes = t.opt_table_array("mistakes");
  if (mistakes == nullptr || mistakes->empty()) {
    t.fail("mistakes", "give at least one answer interviewers reject, as {en, zh}");
  }
  for (std::size_t i = 0; i < mistakes->size(); ++i) {
    e.mistakes.push_back(load_text(table_at(t, "mistakes", *mistakes, i)));
  }
  if (const toml::array* quiz = t.opt_array("quiz")) {
    for (const toml::node& node : *quiz) {
      const auto* s = node.as_string();
      if (s == nullptr) t.fail("quiz", "every entry is a quiz item id");
      e.quiz.push_back(s->get());
    }
  }
  e.points = load_points(t, e.answer, kMinPoints, kMaxPoints, ctx);
  const toml::array* followups = t.opt_table_array("followup");
  const std::size_t n = followups == nullptr ? 0 : followups->size();
  if (n < kMinFollowUps || n > kMaxFollowUps) {
    t.fail("followup", "give " + std::to_string(kMinFollowUps) + " to " +
                           std::to_string(kMaxFollowUps) + " follow-ups, not " + std::to_string(n));
  }
  for (std::size_t i = 0; i < n; ++i) {
    const TomlTable f = table_at(t, "followup", *followups, i);
    f.allow_only({"question", "answer", "point"});
    FollowUp fu;
    fu.question = load_text(f, "question");
    fu.answer = load_text(f, "answer");
    fu.points = load_points(f, fu.answer, kMinFollowUpPoints, kMaxFollowUpPoints, ctx);
    e.followups.push_back(std::move(fu));
  }
  e.origin = t.file();
  e.line = t.line();
  return e;
}

}  // namespace

std::vector<InterviewEntry> load_interview_text(std::string_view text, const std::string& file,
                                                const QuizContext& ctx) {
  toml::table doc;
  try {
    doc = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw ScenarioError(file, static_cast<int>(e.source().begin.line), "",
                        "TOML syntax error: " + std::string(e.description()));
  }
  TomlTable root(doc, "", file);
  root.allow_only({"entry"});
  std::vector<InterviewEntry> entries;
  const toml::array* array = root.opt_table_array("entry");
  if (array == nullptr) return entries;
  for (std::size_t i = 0; i < array->size(); ++i) {
    entries.push_back(load_entry(table_at(root, "entry", *array, i), ctx));
  }
  return entries;
}

std::vector<InterviewEntry> load_interview_file(const std::filesystem::path& file,
                                                const QuizContext& ctx) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ScenarioError(file.string(), 0, "", "cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return load_interview_text(text.str(), file.string(), ctx);
}

std::vector<InterviewEntry> load_interview_dir(const std::filesystem::path& dir,
                                               const QuizContext& ctx) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".toml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<InterviewEntry> all;
  std::map<std::string, std::string> where;
  for (const auto& f : files) {
    for (InterviewEntry& e : load_interview_file(f, ctx)) {
      const std::string here = e.origin + ":" + std::to_string(e.line);
      if (auto [it, added] = where.emplace(e.id, here); !added) {
        throw ScenarioError(e.origin, e.line, "entry.id",
                            "id \"" + e.id + "\" is already used at " + it->second);
      }
      all.push_back(std::move(e));
    }
  }
  return all;
}

}  // namespace synack
