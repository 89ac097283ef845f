#pragma once
// Start-up: read the shipped quiz content and bring the bank up to date with it.

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "app/content/topics.hpp"
#include "app/quiz/bank.hpp"
#include "app/quiz/quiz_loader.hpp"
#include "app/quiz/quiz_session.hpp"

namespace synack {

// The checks a quiz file gets against the shipped content: topic ids, scenario ids and, when
// `with_hosts`, each `at` anchor's host (this loads the scenarios it names).
struct QuizChecks {
  std::set<std::string> topic_ids;
  std::set<std::string> scenario_ids;
  QuizContext context(const std::filesystem::path& content_dir, bool with_hosts) const;
};
QuizChecks quiz_checks(const std::filesystem::path& content_dir, const TopicList& topics);

struct ContentSync {
  TopicList topics;
  SyncReport content;
  SyncReport generated;
};

// content_dir/topics.toml and content_dir/quiz/*.toml, synced by id and hash. Throws
// ScenarioError for a bad content file.
ContentSync sync_content(QuizBank& bank, const std::filesystem::path& content_dir,
                         std::int64_t now);

// What `synack quiz` and the window do at start-up: the quiz files and the generated cards,
// synced only when something they are made from changed since the last start (the bank
// keeps a fingerprint of the files' names, sizes and times, and of this program).
struct StartupSync {
  TopicList topics;
  SyncReport content;
  SyncReport generated;
  bool skipped = false;         // nothing changed: nothing was read but topics.toml
  std::vector<QuizItem> cards;  // the generated cards, when the sync had to make them
};
StartupSync sync_bank(QuizBank& bank, const std::filesystem::path& content_dir, std::int64_t now);
std::string content_fingerprint(const std::filesystem::path& content_dir);

// The concrete question for a generated card. The cards are made (by running scenarios)
// the first time one is asked, unless `cards` already holds them.
Instantiate instantiate_generated(const std::filesystem::path& content_dir,
                                  std::vector<QuizItem> cards = {});

}  // namespace synack
