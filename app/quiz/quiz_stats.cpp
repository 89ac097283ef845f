#include "app/quiz/quiz_stats.hpp"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <ctime>
#include <map>

namespace synack {

std::string local_day(std::int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

namespace {

// Start of the local day holding `t`.
std::int64_t day_start(std::int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
  tm.tm_isdst = -1;
  return static_cast<std::int64_t>(std::mktime(&tm));
}

}  // namespace

double item_recall(const fsrs::Card& card, bool last_right, std::int64_t now,
                   const fsrs::Parameters& p) {
  // Right after a wrong answer FSRS's retrievability is near 1 (it counts from the last
  // review, whatever its rating): it must not make a forgotten item look known.
  return last_right ? fsrs::retrievability(card, now, p) : 0.0;
}

QuizStats compute_stats(const QuizBank& bank, const TopicList& topics, std::int64_t now, int days) {
  QuizStats s;
  std::map<std::string, TopicStat> by_topic;
  std::map<std::string, int> weak_items;  // per topic: answered wrong, not mastered since
  const std::int64_t today = day_start(now);
  const fsrs::Parameters& params = bank.parameters();

  // Each item's log, in order: its last answer, and how many were wrong.
  struct ItemLog {
    bool last_right = false;
    int wrong = 0;
  };
  std::map<std::string, ItemLog> logs;
  {
    SQLite::Statement q(bank.db(), "SELECT item_id, correct FROM reviews ORDER BY id");
    while (q.executeStep()) {
      ItemLog& log = logs[q.getColumn(0).getString()];
      log.last_right = q.getColumn(1).getInt() != 0;
      if (!log.last_right) ++log.wrong;
    }
  }
  {
    SQLite::Statement q(bank.db(),
                        "SELECT i.topic, c.phase, c.step, c.stability, c.difficulty, c.due, "
                        "c.last_review, c.reps, c.lapses, i.id, i.type FROM items i JOIN cards c "
                        "ON c.item_id = i.id WHERE i.removed_at IS NULL");
    while (q.executeStep()) {
      const std::string topic = q.getColumn(0).getString();
      TopicStat& t = by_topic[topic];
      fsrs::Card c;
      c.phase = static_cast<fsrs::Phase>(q.getColumn(1).getInt());
      c.step = q.getColumn(2).getInt();
      c.stability = q.getColumn(3).getDouble();
      c.difficulty = q.getColumn(4).getDouble();
      c.due = q.getColumn(5).getInt64();
      c.last_review = q.getColumn(6).getInt64();
      c.reps = q.getColumn(7).getInt();
      c.lapses = q.getColumn(8).getInt();
      const auto log = logs.find(q.getColumn(9).getString());
      if (q.getColumn(10).getString() == kInterviewType) {
        ++t.interview_items;
        if (c.phase == fsrs::Phase::fresh || log == logs.end()) continue;
        ++t.interview_seen;
        t.interview_mastery += item_recall(c, log->second.last_right, now, params);
        continue;
      }
      ++t.items;
      ++s.total_items;
      if (c.phase == fsrs::Phase::fresh || log == logs.end()) continue;
      ++t.seen;
      const double recall = item_recall(c, log->second.last_right, now, params);
      t.mastery += recall;
      const bool mastered = log->second.last_right && recall >= params.desired_retention;
      if (mastered) ++t.mastered;
      if (log->second.wrong > 0 && !mastered) ++weak_items[topic];
      // Days from today's start, so "today" includes everything overdue.
      const std::int64_t day = c.due <= today ? 0 : (c.due - today) / fsrs::kDay;
      if (day < static_cast<std::int64_t>(s.due_by_day.size())) ++s.due_by_day[day];
    }
  }
  {
    SQLite::Statement q(bank.db(),
                        "SELECT i.topic, count(*), sum(r.correct) FROM reviews r "
                        "JOIN items i ON i.id = r.item_id WHERE i.type != 'interview' "
                        "GROUP BY i.topic");
    while (q.executeStep()) {
      TopicStat& t = by_topic[q.getColumn(0).getString()];
      t.reviews = q.getColumn(1).getInt();
      t.right = q.getColumn(2).getInt();
      t.wrong = t.reviews - t.right;
      s.total_reviews += t.reviews;
    }
  }
  for (const Topic& topic : topics.topics) {
    TopicStat t = by_topic[topic.id];
    t.id = topic.id;
    if (t.items > 0) t.mastery /= t.items;
    if (t.interview_items > 0) t.interview_mastery /= t.interview_items;
    s.topics.push_back(t);
  }
  std::vector<const TopicStat*> weak;
  for (const TopicStat& t : s.topics) {
    if (weak_items[t.id] > 0) weak.push_back(&t);
  }
  std::stable_sort(weak.begin(), weak.end(), [](const TopicStat* a, const TopicStat* b) {
    if (a->mastery != b->mastery) return a->mastery < b->mastery;
    return a->wrong > b->wrong;
  });
  for (std::size_t i = 0; i < weak.size() && i < 5; ++i) s.weakest.push_back(weak[i]->id);

  // Reviews per local day, for the last `days` days.
  SQLite::Statement q(bank.db(), "SELECT at, correct FROM reviews WHERE at >= ? ORDER BY at");
  q.bind(1, static_cast<std::int64_t>(today - static_cast<std::int64_t>(days - 1) * fsrs::kDay));
  std::map<std::string, DayStat> by_day;
  while (q.executeStep()) {
    const std::string day = local_day(q.getColumn(0).getInt64());
    DayStat& d = by_day[day];
    d.day = day;
    ++d.reviews;
    d.right += q.getColumn(1).getInt();
  }
  for (auto it = by_day.rbegin(); it != by_day.rend(); ++it) s.days.push_back(it->second);
  return s;
}

}  // namespace synack
