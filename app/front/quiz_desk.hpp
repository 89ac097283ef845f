#pragma once
// The window's quiz, without the window: the bank opened and synced the first time the
// quiz is shown (as `synack quiz` does), the session under way, and the stats. Errors are
// kept as text for the view to show; nothing here throws at the UI.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/content/topics.hpp"
#include "app/interview/interview_drill.hpp"
#include "app/quiz/bank.hpp"
#include "app/quiz/quiz_session.hpp"
#include "app/quiz/quiz_stats.hpp"
#include "app/quiz/watch.hpp"

namespace synack {

class QuizDesk {
 public:
  QuizDesk(std::filesystem::path content_dir, std::filesystem::path db,
           std::function<std::int64_t()> clock = wall_clock_seconds);
  ~QuizDesk();

  // Opens and syncs the bank once; false when it cannot be used (error() says why). Later
  // calls return what the first one found.
  bool open();
  bool tried() const { return tried_; }
  const std::string& error() const { return error_; }
  // A damaged bank moved aside: where the old file went.
  const std::string& notice() const { return notice_; }
  const std::filesystem::path& db_path() const { return db_; }

  const TopicList& topics() const { return topics_; }
  int due_count(const std::vector<std::string>& topics) const;

  // Starts a session (ending the one under way) and fetches its first question; false when
  // the bank is not open.
  bool start(const QuizFilter& filter, Lang lang);
  void stop();  // back to the start screen
  QuizSession* session() { return session_.get(); }
  const QuizFilter& filter() const { return filter_; }  // of the last start()
  const QuizItem* question() const { return session_ ? session_->current() : nullptr; }

  // Commits the answer to the current question (before any feedback is shown); the
  // outcome stays until next(). A second answer to the same question is ignored.
  const QuizSession::Outcome* answer(const std::string& line);
  const QuizSession::Outcome* outcome() const { return outcome_ ? &*outcome_ : nullptr; }
  const QuizItem* next();  // nullptr: the session is over

  // Recomputed after each answer, not each frame (it reads the whole log).
  const QuizStats& stats();
  std::int64_t now() const { return clock_(); }

  std::optional<WatchTarget> watch(const QuizItem& item) const;
  // A key point's scenario step, as for a quiz item's `at`.
  std::optional<WatchTarget> watch(const KeyPoint& point) const;

  // The interview drill on the same bank (docs/interview-format.md): its entries are read
  // and synced when the bank opens; a bad entry file leaves the quiz usable and is kept in
  // interview_error().
  const std::vector<InterviewEntry>& interview_entries() const { return entries_; }
  const std::string& interview_error() const { return interview_error_; }
  int interview_due(const std::vector<std::string>& topics) const;
  // Starts a drill (ending the one under way); false when the bank or the entries are not
  // there.
  bool start_drill(const DrillOptions& options, Lang lang);
  void stop_drill();
  InterviewDrill* drill() { return drill_.get(); }
  // After each grade: the stats read the log again.
  void drill_graded() { stats_.reset(); }

 private:
  std::filesystem::path content_;
  std::filesystem::path db_;
  std::function<std::int64_t()> clock_;
  bool tried_ = false;
  std::string error_, notice_;
  std::unique_ptr<QuizBank> bank_;
  TopicList topics_;
  Instantiate instantiate_;  // generated cards' questions
  QuizFilter filter_;
  std::unique_ptr<QuizSession> session_;
  std::optional<QuizSession::Outcome> outcome_;
  std::optional<QuizStats> stats_;
  std::vector<InterviewEntry> entries_;
  std::string interview_error_;
  std::unique_ptr<InterviewDrill> drill_;
  std::int64_t stats_at_ = 0;  // clock_() when stats_ was computed
};

}  // namespace synack
