#include "app/interview/interview_drill.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "app/interview/point_match.hpp"
#include "app/quiz/quiz_hash.hpp"

namespace synack {

namespace {

nlohmann::json text_json(const LocalizedText& t) {
  return {{"en", t.en}, {"zh", t.zh}};
}

nlohmann::json points_json(const std::vector<KeyPoint>& points) {
  nlohmann::json out = nlohmann::json::array();
  for (const KeyPoint& p : points) {
    out.push_back({{"text", text_json(p.text)},
                   {"en", p.phrases.en},
                   {"zh", p.phrases.zh},
                   {"scenario", p.scenario}});
  }
  return out;
}

// "1,3" for the points made.
std::string made_list(const std::vector<bool>& ticks) {
  std::string out;
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    if (ticks[i]) out += (out.empty() ? "" : ",") + std::to_string(i + 1);
  }
  return out.empty() ? "-" : out;
}

int count_made(const std::vector<bool>& ticks) {
  int n = 0;
  for (bool t : ticks) n += t;
  return n;
}

}  // namespace

std::vector<BankItem> interview_bank_rows(const std::vector<InterviewEntry>& entries) {
  std::vector<BankItem> rows;
  for (const InterviewEntry& e : entries) {
    nlohmann::json followups = nlohmann::json::array();
    for (const FollowUp& f : e.followups) {
      followups.push_back({{"question", text_json(f.question)},
                           {"answer", text_json(f.answer)},
                           {"points", points_json(f.points)}});
    }
    nlohmann::json mistakes = nlohmann::json::array();
    for (const auto& m : e.mistakes) mistakes.push_back(text_json(m));
    const nlohmann::json body = {{"id", e.id},
                                 {"topic", e.topic},
                                 {"question", text_json(e.question)},
                                 {"answer", text_json(e.answer)},
                                 {"points", points_json(e.points)},
                                 {"followups", followups},
                                 {"mistakes", mistakes}};
    const std::string text = body.dump();
    rows.push_back({e.id, e.topic, std::string(kInterviewType), e.origin, hash_hex(text), text});
  }
  return rows;
}

fsrs::Rating proposed_rating(int made, int total) {
  if (total <= 0) return fsrs::Rating::again;
  const double share = static_cast<double>(made) / total;
  if (share < 0.4) return fsrs::Rating::again;
  if (share < 0.7) return fsrs::Rating::hard;
  if (share < 0.9) return fsrs::Rating::good;
  return fsrs::Rating::easy;
}

InterviewDrill::InterviewDrill(QuizBank& bank, const std::vector<InterviewEntry>& entries,
                               DrillOptions options, const std::string& frontend, Lang lang,
                               std::function<std::int64_t()> clock)
    : bank_(bank), options_(std::move(options)), lang_(lang), clock_(std::move(clock)) {
  for (const InterviewEntry& e : entries) by_id_[e.id] = &e;
  std::string topics;
  for (const auto& t : options_.topics) topics += (topics.empty() ? "" : ",") + t;
  id_ = bank_.start_session(
      clock_(), frontend, lang == Lang::zh ? "zh" : "en",
      fmt::format("interview topics={} count={}", topics.empty() ? "all" : topics, options_.count));
  advance();
}

InterviewDrill::~InterviewDrill() {
  try {
    bank_.end_session(id_, clock_());
  } catch (...) {
    // The grades are already committed; a missing end time loses nothing.
  }
}

void InterviewDrill::advance() {
  entry_ = nullptr;
  phase_ = Phase::done;
  if (asked_ >= options_.count) return;
  const auto next =
      bank_.next_card(clock_(), options_.topics, asked_ids_, true, CardKind::interview);
  if (!next) return;
  const auto found = by_id_.find(*next);
  if (found == by_id_.end()) return;  // in the bank, no longer in the content
  entry_ = found->second;
  asked_ids_.push_back(entry_->id);
  // A different follow-up each time the entry comes back.
  const int reps = bank_.card(entry_->id).value_or(fsrs::Card{}).reps;
  followup_ =
      entry_->followups.empty() ? 0 : static_cast<std::size_t>(reps) % entry_->followups.size();
  main_.assign(entry_->points.size(), false);
  follow_.clear();
  main_text_.clear();
  follow_text_.clear();
  shown_at_ = clock_();
  phase_ = Phase::question;
}

const FollowUp* InterviewDrill::followup() const {
  if (entry_ == nullptr || entry_->followups.empty()) return nullptr;
  return &entry_->followups[followup_];
}

const LocalizedText* InterviewDrill::question() const {
  if (entry_ == nullptr) return nullptr;
  if (phase_ == Phase::question || phase_ == Phase::answer) return &entry_->question;
  const FollowUp* f = followup();
  return f ? &f->question : nullptr;
}

const std::vector<KeyPoint>* InterviewDrill::points() const {
  if (entry_ == nullptr || phase_ == Phase::question) return nullptr;
  if (on_main()) return &entry_->points;
  const FollowUp* f = followup();
  return f ? &f->points : nullptr;
}

std::int64_t InterviewDrill::elapsed() const {
  return clock_() - shown_at_;
}

void InterviewDrill::answer(std::string_view text) {
  if (phase_ == Phase::question) {
    main_text_ = std::string(text);
    main_ = points_made(entry_->points, text);
    phase_ = Phase::answer;
  } else if (phase_ == Phase::followup) {
    follow_text_ = std::string(text);
    follow_ = points_made(followup()->points, text);
    phase_ = Phase::followup_answer;
  }
}

bool InterviewDrill::set_tick(int point, bool made) {
  if (entry_ == nullptr || phase_ == Phase::question) return false;
  std::vector<bool>* ticks = on_main() ? &main_ : &follow_;
  if (point < 1 || point > static_cast<int>(ticks->size())) return false;
  (*ticks)[static_cast<std::size_t>(point - 1)] = made;
  return true;
}

void InterviewDrill::next() {
  if (phase_ == Phase::answer) {
    if (followup() != nullptr) {
      phase_ = Phase::followup;
      shown_at_ = clock_();
    } else {
      phase_ = Phase::grade;
    }
  } else if (phase_ == Phase::followup_answer) {
    phase_ = Phase::grade;
  }
}

int InterviewDrill::made() const {
  return count_made(main_) + count_made(follow_);
}

int InterviewDrill::total() const {
  const FollowUp* f = followup();
  return static_cast<int>(main_.size()) +
         (f != nullptr && !follow_.empty() ? static_cast<int>(f->points.size()) : 0);
}

fsrs::Card InterviewDrill::grade(fsrs::Rating rating) {
  if (phase_ != Phase::grade || entry_ == nullptr) return fsrs::Card{};
  const auto stored = bank_.item(entry_->id);
  ReviewRecord r;
  r.item_id = entry_->id;
  r.session = id_;
  r.at = clock_();
  r.grade.readable = true;
  r.grade.correct = rating != fsrs::Rating::again;
  r.grade.rating = rating;
  // What was said, and which points were made: the log reads as the drill went.
  r.grade.given = main_text_;
  r.item_hash = stored ? stored->hash : "";
  r.detail = fmt::format("points {}/{} [{}]; follow-up {} [{}]: {}", made(), total(),
                         made_list(main_), followup_ + 1, made_list(follow_), follow_text_);
  const fsrs::Card card = bank_.record(r);
  ++asked_;
  advance();
  return card;
}

}  // namespace synack
