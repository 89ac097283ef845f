#pragma once
// What a student wants to know after some practice: how well each topic is held now, how
// much was reviewed each day, what falls due soon, and which topics are weakest. What
// "mastery", "mastered" and "weakest" mean precisely: docs/quiz-db.md, "Statistics".

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "app/content/topics.hpp"
#include "app/quiz/bank.hpp"

namespace synack {

struct TopicStat {
  std::string id;
  int items = 0;     // in the bank, not removed
  int seen = 0;      // answered at least once
  int mastered = 0;  // last answer right and recall now >= the desired retention
  int reviews = 0;   // answers given
  int right = 0;
  int wrong = 0;       // answers graded wrong (rated Again)
  double mastery = 0;  // mean recall now; unseen items, and items last answered wrong, count 0
  // The same for the topic's interview entries (their cards share the bank and scheduler;
  // the figures above are the quiz's alone).
  int interview_items = 0;
  int interview_seen = 0;
  double interview_mastery = 0;
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
  // Topic ids, at most 5: topics with an item answered wrong and not mastered since, lowest
  // mastery first. A topic whose every answer was right is never one.
  std::vector<std::string> weakest;
  int total_items = 0;
  int total_reviews = 0;
};

QuizStats compute_stats(const QuizBank& bank, const TopicList& topics, std::int64_t now,
                        int days = 14);

// One item's recall now: 0 unless its last answer was right, then FSRS's retrievability.
double item_recall(const fsrs::Card& card, bool last_right, std::int64_t now,
                   const fsrs::Parameters& p);

// Local calendar day of a Unix time, "YYYY-MM-DD".
std::string local_day(std::int64_t t);

}  // namespace synack
