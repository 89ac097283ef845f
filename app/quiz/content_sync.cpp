#include "app/quiz/content_sync.hpp"

#include "app/scenario_catalog.hpp"

namespace synack {

QuizContext QuizChecks::context(const std::filesystem::path& content_dir, bool with_hosts) const {
  QuizContext ctx{&topic_ids, &scenario_ids, {}};
  if (with_hosts) {
    ctx.hosts_of = [content_dir](const std::string& id) {
      return load_scenario_arg(content_dir, id).spec.hosts;
    };
  }
  return ctx;
}

QuizChecks quiz_checks(const std::filesystem::path& content_dir, const TopicList& topics) {
  QuizChecks checks;
  for (const Topic& t : topics.topics) checks.topic_ids.insert(t.id);
  for (const std::string& id : scenario_ids(content_dir)) checks.scenario_ids.insert(id);
  return checks;
}

ContentSync sync_content(QuizBank& bank, const std::filesystem::path& content_dir,
                         std::int64_t now) {
  ContentSync out;
  out.topics = load_content_topics(content_dir);
  const QuizChecks checks = quiz_checks(content_dir, out.topics);
  // Anchors' hosts are checked by the test suite; at start-up only their form is.
  auto items = load_quiz_dir(content_dir / "quiz", checks.context(content_dir, false));
  // Stored relative, so a bank follows the content when the checkout moves.
  for (QuizItem& item : items) {
    item.origin = std::filesystem::path(item.origin).lexically_relative(content_dir).string();
  }
  out.content = bank.sync(items, ItemSource::content, now);
  return out;
}

}  // namespace synack
