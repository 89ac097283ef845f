#include "app/front/quiz_desk.hpp"

#include "app/interview/interview_loader.hpp"
#include "app/quiz/content_sync.hpp"

namespace synack {

QuizDesk::QuizDesk(std::filesystem::path content_dir, std::filesystem::path db,
                   std::function<std::int64_t()> clock)
    : content_(std::move(content_dir)), db_(std::move(db)), clock_(std::move(clock)) {}

QuizDesk::~QuizDesk() {
  session_.reset();  // ends the session while the bank is still there
  drill_.reset();
}

bool QuizDesk::open() {
  if (tried_) return bank_ != nullptr;
  tried_ = true;
  try {
    bank_ = QuizBank::open(db_, &notice_);
    StartupSync synced = sync_bank(*bank_, content_, clock_());  // as `synack quiz` does
    topics_ = std::move(synced.topics);
    instantiate_ = instantiate_generated(content_, std::move(synced.cards));
    try {
      const QuizChecks checks = quiz_checks(content_, topics_);
      entries_ = load_interview_dir(content_ / "interview", checks.context(content_, false));
      for (InterviewEntry& e : entries_) {
        e.origin = std::filesystem::path(e.origin).lexically_relative(content_).string();
      }
      bank_->sync_rows(interview_bank_rows(entries_), ItemSource::content, CardKind::interview,
                       clock_());
    } catch (const std::exception& e) {
      interview_error_ = e.what();
      entries_.clear();
    }
  } catch (const std::exception& e) {
    // BankError (read-only, newer file), a bad content file, SQLite: shown in the view.
    error_ = e.what();
    bank_.reset();
  }
  return bank_ != nullptr;
}

int QuizDesk::due_count(const std::vector<std::string>& topics) const {
  return bank_ ? bank_->due_count(clock_(), topics) : 0;
}

bool QuizDesk::start(const QuizFilter& filter, Lang lang) {
  if (!open()) return false;
  session_.reset();
  outcome_.reset();
  stats_.reset();
  filter_ = filter;
  session_ = std::make_unique<QuizSession>(*bank_, filter, "window", lang, clock_, instantiate_);
  session_->next();
  return true;
}

void QuizDesk::stop() {
  outcome_.reset();
  session_.reset();
}

const QuizSession::Outcome* QuizDesk::answer(const std::string& line) {
  if (!session_ || !session_->current() || outcome_) return nullptr;
  stats_.reset();
  outcome_ = session_->answer(line);
  return &*outcome_;
}

const QuizItem* QuizDesk::next() {
  outcome_.reset();
  return session_ ? session_->next() : nullptr;
}

const QuizStats& QuizDesk::stats() {
  // Recomputed after an answer, and once a minute: cards fall due as time passes.
  const std::int64_t now = clock_();
  if (!stats_ || now - stats_at_ >= 60) {
    stats_ = bank_ ? compute_stats(*bank_, topics_, now) : QuizStats{};
    stats_at_ = now;
  }
  return *stats_;
}

std::optional<WatchTarget> QuizDesk::watch(const QuizItem& item) const {
  return watch_target(item, content_);
}

std::optional<WatchTarget> QuizDesk::watch(const KeyPoint& point) const {
  return watch_target(point.scenario, point.at, content_);
}

int QuizDesk::interview_due(const std::vector<std::string>& topics) const {
  return bank_ ? bank_->due_count(clock_(), topics, CardKind::interview) : 0;
}

bool QuizDesk::start_drill(const DrillOptions& options, Lang lang) {
  if (!open() || entries_.empty()) return false;
  drill_.reset();
  stats_.reset();
  drill_ = std::make_unique<InterviewDrill>(*bank_, entries_, options, "window", lang, clock_);
  return true;
}

void QuizDesk::stop_drill() {
  drill_.reset();
}

}  // namespace synack
