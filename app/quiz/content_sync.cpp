#include "app/quiz/content_sync.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "app/content/scenario_catalog.hpp"
#include "app/quiz/generated.hpp"

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

namespace {

void add_file(std::string& out, const std::filesystem::path& file, const std::string& name) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  const auto time = std::filesystem::last_write_time(file, ec);
  out += fmt::format("{} {} {}\n", name, ec ? 0 : size, time.time_since_epoch().count());
}

std::string stored_fingerprint(QuizBank& bank) {
  SQLite::Statement q(bank.db(), "SELECT value FROM settings WHERE key = 'content_fingerprint'");
  return q.executeStep() ? q.getColumn(0).getString() : "";
}

void store_fingerprint(QuizBank& bank, const std::string& value) {
  SQLite::Statement q(bank.db(),
                      "INSERT INTO settings (key, value) VALUES ('content_fingerprint', ?) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  q.bind(1, value);
  q.exec();
}

}  // namespace

std::string content_fingerprint(const std::filesystem::path& content_dir) {
  std::string out;
  add_file(out, content_dir / "topics.toml", "topics.toml");
  for (const char* sub : {"quiz", "scenarios"}) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(content_dir / sub, ec)) {
      if (e.path().extension() == ".toml") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) add_file(out, f, std::string(sub) + "/" + f.filename().string());
  }
  // A new synack may generate other cards from the same files.
  add_file(out, "/proc/self/exe", "program");
  return out;
}

StartupSync sync_bank(QuizBank& bank, const std::filesystem::path& content_dir, std::int64_t now) {
  StartupSync out;
  const std::string fingerprint = content_fingerprint(content_dir);
  if (fingerprint == stored_fingerprint(bank)) {
    out.topics = load_content_topics(content_dir);
    out.skipped = true;
    return out;
  }
  ContentSync synced = sync_content(bank, content_dir, now);
  out.topics = std::move(synced.topics);
  out.content = synced.content;
  out.cards = generated_cards(content_dir);
  out.generated = bank.sync(out.cards, ItemSource::generated, now);
  store_fingerprint(bank, fingerprint);
  return out;
}

Instantiate instantiate_generated(const std::filesystem::path& content_dir,
                                  std::vector<QuizItem> cards) {
  auto known = std::make_shared<std::vector<QuizItem>>(std::move(cards));
  return [content_dir, known](const std::string& id, std::uint64_t seed) {
    if (known->empty()) *known = generated_cards(content_dir);
    std::optional<QuizItem> item;
    for (const QuizItem& card : *known) {
      if (card.id == id) item = instantiate(card, seed, content_dir);
    }
    return item;
  };
}

}  // namespace synack
