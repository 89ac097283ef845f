#include "app/quiz/quiz_session.hpp"

#include <fmt/format.h>

#include <chrono>
#include <limits>

#include "app/quiz/quiz_loader.hpp"

namespace synack {

namespace {

// "Due by the end of time": every reviewed card, soonest first.
constexpr std::int64_t kNeverDue = std::numeric_limits<std::int64_t>::max();

std::string filter_text(const QuizFilter& f) {
  std::string topics;
  for (const auto& t : f.topics) topics += (topics.empty() ? "" : ",") + t;
  return fmt::format("topics={} count={}{}{}", topics.empty() ? "all" : topics, f.count,
                     f.due_only ? " due-only" : "", f.ahead ? " ahead" : "");
}

}  // namespace

std::int64_t wall_clock_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

QuizSession::QuizSession(QuizBank& bank, QuizFilter filter, const std::string& frontend, Lang lang,
                         std::function<std::int64_t()> clock, Instantiate instantiate)
    : bank_(bank),
      filter_(std::move(filter)),
      lang_(lang),
      clock_(std::move(clock)),
      instantiate_(std::move(instantiate)) {
  id_ =
      bank_.start_session(clock_(), frontend, lang == Lang::zh ? "zh" : "en", filter_text(filter_));
}

QuizSession::~QuizSession() {
  try {
    bank_.end_session(id_, clock_());
  } catch (...) {
    // The answers are already committed; a missing end time loses nothing.
  }
}

std::optional<QuizItem> QuizSession::load(const std::string& id) {
  const auto stored = bank_.item(id);
  if (!stored) return std::nullopt;
  current_detail_.clear();
  if (stored->source == ItemSource::generated) {
    if (!instantiate_) return std::nullopt;
    // A fresh instance each time it is asked, reproducible from the log's detail.
    const std::uint64_t seed =
        static_cast<std::uint64_t>(id_) * 1'000'003u + static_cast<std::uint64_t>(asked_) + 1;
    auto item = instantiate_(id, seed);
    if (item) current_detail_ = fmt::format("seed={}", seed);
    if (item) item->hash = stored->hash;
    return item;
  }
  return quiz_item_from_body(stored->body, stored->origin);
}

const QuizItem* QuizSession::next() {
  current_.reset();
  while (asked_ < filter_.count) {
    auto id = bank_.next_card(clock_(), filter_.topics, asked_ids_, !filter_.due_only);
    if (!id && filter_.ahead) id = bank_.next_card(kNeverDue, filter_.topics, asked_ids_, false);
    if (!id) return nullptr;
    asked_ids_.push_back(*id);
    current_ = load(*id);
    if (current_) return &*current_;
    // A card that cannot be shown (a generated card with no generator here) is skipped.
  }
  return nullptr;
}

QuizSession::Outcome QuizSession::answer(std::string_view line) {
  Outcome out;
  if (!current_) return out;
  out.grade = grade_answer(*current_, line);
  ReviewRecord r;
  r.item_id = current_->id;
  r.session = id_;
  r.at = clock_();
  r.grade = out.grade;
  r.item_hash = current_->hash;
  r.detail = current_detail_;
  out.card = bank_.record(r);
  ++asked_;
  if (out.grade.correct) ++right_;
  return out;
}

}  // namespace synack
