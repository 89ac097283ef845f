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

QuizStats compute_stats(const QuizBank& bank, const TopicList& topics, std::int64_t now, int days) {
  QuizStats s;
  std::map<std::string, TopicStat> by_topic;
  const std::int64_t today = day_start(now);
  {
    SQLite::Statement q(bank.db(),
                        "SELECT i.topic, c.phase, c.step, c.stability, c.difficulty, c.due, "
                        "c.last_review, c.reps, c.lapses FROM items i JOIN cards c "
                        "ON c.item_id = i.id WHERE i.removed_at IS NULL");
    while (q.executeStep()) {
      TopicStat& t = by_topic[q.getColumn(0).getString()];
      fsrs::Card c;
      c.phase = static_cast<fsrs::Phase>(q.getColumn(1).getInt());
      c.step = q.getColumn(2).getInt();
      c.stability = q.getColumn(3).getDouble();
      c.difficulty = q.getColumn(4).getDouble();
      c.due = q.getColumn(5).getInt64();
      c.last_review = q.getColumn(6).getInt64();
      c.reps = q.getColumn(7).getInt();
      c.lapses = q.getColumn(8).getInt();
      ++t.items;
      ++s.total_items;
      if (c.phase == fsrs::Phase::fresh) continue;
      ++t.seen;
      t.lapses += c.lapses;
      t.mastery += fsrs::retrievability(c, now, bank.parameters());
      // Days from today's start, so "today" includes everything overdue.
      const std::int64_t day = c.due <= today ? 0 : (c.due - today) / fsrs::kDay;
      if (day < static_cast<std::int64_t>(s.due_by_day.size())) ++s.due_by_day[day];
    }
  }
  {
    SQLite::Statement q(bank.db(),
                        "SELECT i.topic, count(*), sum(r.correct) FROM reviews r "
                        "JOIN items i ON i.id = r.item_id GROUP BY i.topic");
    while (q.executeStep()) {
      TopicStat& t = by_topic[q.getColumn(0).getString()];
      t.reviews = q.getColumn(1).getInt();
      t.right = q.getColumn(2).getInt();
      s.total_reviews += t.reviews;
    }
  }
  for (const Topic& topic : topics.topics) {
    TopicStat t = by_topic[topic.id];
    t.id = topic.id;
    if (t.items > 0) t.mastery /= t.items;
    s.topics.push_back(t);
  }
  std::vector<const TopicStat*> seen;
  for (const TopicStat& t : s.topics) {
    if (t.seen > 0) seen.push_back(&t);
  }
  std::stable_sort(seen.begin(), seen.end(),
                   [](const TopicStat* a, const TopicStat* b) { return a->mastery < b->mastery; });
  for (std::size_t i = 0; i < seen.size() && i < 5; ++i) s.weakest.push_back(seen[i]->id);

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
