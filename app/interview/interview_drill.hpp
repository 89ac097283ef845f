#pragma once
// One interview drill over the bank, shared by the terminal and the window: which entry
// comes next (due first, then new, as the quiz), the question, the student's answer (typed,
// or said out loud), the model answer with the points the answer made ticked, one
// follow-up asked the same way, and a grade proposed from the share of points made, which
// the student confirms or changes. Each grade is committed before the next question.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/interview/interview_entry.hpp"
#include "app/quiz/bank.hpp"

namespace synack {

// The bank's rows for the entries: type "interview", the hash of a canonical text of the
// entry, so an edited entry keeps its progress but is known to have changed.
std::vector<BankItem> interview_bank_rows(const std::vector<InterviewEntry>& entries);

// The grade the share of points made suggests (docs/interview-format.md, "Grading"):
// under 40 % Again, under 70 % Hard, under 90 % Good, else Easy.
fsrs::Rating proposed_rating(int made, int total);

struct DrillOptions {
  std::vector<std::string> topics;  // empty: every topic
  int count = 3;                    // entries at most
  int seconds = 120;                // the countdown shown per question; never enforced
};

class InterviewDrill {
 public:
  enum class Phase { question, answer, followup, followup_answer, grade, done };

  // `entries`: every entry (the bank holds their rows). `clock` gives Unix seconds.
  InterviewDrill(QuizBank& bank, const std::vector<InterviewEntry>& entries, DrillOptions options,
                 const std::string& frontend, Lang lang, std::function<std::int64_t()> clock);
  ~InterviewDrill();
  InterviewDrill(const InterviewDrill&) = delete;
  InterviewDrill& operator=(const InterviewDrill&) = delete;

  Phase phase() const { return phase_; }
  const InterviewEntry* entry() const { return entry_; }
  const FollowUp* followup() const;  // the follow-up of this round
  // The question now asked: the entry's, or its follow-up's.
  const LocalizedText* question() const;
  // The points of the model answer last shown, and which the student made: the entry's
  // until the follow-up is answered, then the follow-up's (ticks can change until graded).
  const std::vector<KeyPoint>* points() const;
  const std::vector<bool>& ticks() const { return on_main() ? main_ : follow_; }
  // What the student typed for that answer ("" when said out loud).
  const std::string& said() const { return on_main() ? main_text_ : follow_text_; }
  // Seconds since the question was shown (the countdown is options().seconds minus this).
  std::int64_t elapsed() const;

  // question / followup: the student's answer ("" when said out loud); shows the model
  // answer with the points the text made ticked.
  void answer(std::string_view text);
  // Ticks (true) or unticks a point of points(), 1-based. False if no such point.
  bool set_tick(int point, bool made);
  // answer -> followup; followup_answer -> grade.
  void next();
  // Points made over points asked, the entry's and its follow-up's.
  int made() const;
  int total() const;
  fsrs::Rating proposed() const { return proposed_rating(made(), total()); }
  // grade: commits the grade and moves to the next question (or done).
  fsrs::Card grade(fsrs::Rating rating);

  int asked() const { return asked_; }
  const DrillOptions& options() const { return options_; }
  std::int64_t id() const { return id_; }

 private:
  void advance();  // to the next entry's question, or done
  bool on_main() const { return phase_ == Phase::answer || phase_ == Phase::followup; }

  QuizBank& bank_;
  std::map<std::string, const InterviewEntry*> by_id_;
  DrillOptions options_;
  Lang lang_;
  std::function<std::int64_t()> clock_;
  std::int64_t id_ = 0;
  Phase phase_ = Phase::done;
  const InterviewEntry* entry_ = nullptr;
  std::size_t followup_ = 0;
  std::vector<bool> main_, follow_;
  std::string main_text_, follow_text_;
  std::int64_t shown_at_ = 0;
  std::vector<std::string> asked_ids_;
  int asked_ = 0;
};

}  // namespace synack
