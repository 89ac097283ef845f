#pragma once
// Start-up: read the shipped quiz content and bring the bank up to date with it.

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "app/quiz/bank.hpp"
#include "app/quiz/quiz_loader.hpp"
#include "app/quiz/topics.hpp"

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

// content_dir/topics.toml, content_dir/quiz/*.toml and the generated cards, synced by id
// and hash. Throws ScenarioError for a bad content file.
ContentSync sync_content(QuizBank& bank, const std::filesystem::path& content_dir,
                         std::int64_t now);

}  // namespace synack
