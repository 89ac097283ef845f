#pragma once
// What a student wants to know after some practice: how well each topic is held now, how
// much was reviewed each day, what falls due soon, and which topics are weakest.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "app/quiz/bank.hpp"
#include "app/quiz/topics.hpp"

namespace synack {

struct TopicStat {
  std::string id;
  int items = 0;    // in the bank, not removed
  int seen = 0;     // reviewed at least once
  int reviews = 0;  // answers given
  int right = 0;
  int lapses = 0;
  double mastery = 0;  // mean probability of recall now, unseen items counting 0
};

struct DayStat {
  std::string day;  // "2026-11-22", local time
  int reviews = 0;
  int right = 0;
};

struct QuizStats {
  std::vector<TopicStat> topics;  // in the order of the topic list
  std::vector<DayStat> days;      // the last days with reviews, newest first
  // Cards due today (overdue included), tomorrow, ... in 6 days (local days).
  std::array<int, 7> due_by_day{};
  std::vector<std::string> weakest;  // topic ids: seen, lowest mastery first, at most 5
  int total_items = 0;
  int total_reviews = 0;
};

QuizStats compute_stats(const QuizBank& bank, const TopicList& topics, std::int64_t now,
                        int days = 14);

// Local calendar day of a Unix time, "YYYY-MM-DD".
std::string local_day(std::int64_t t);

}  // namespace synack
