#pragma once
// Reads interview entry files (docs/interview-format.md). Strict like the quiz loader: an
// unknown key, a wrong type, a missing language, too few points or a first phrase missing
// from its own model answer throws ScenarioError naming the file, line and field.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "app/interview/interview_entry.hpp"
#include "app/quiz/quiz_loader.hpp"

namespace synack {

// Limits of docs/interview-format.md.
inline constexpr std::size_t kMinPoints = 3, kMaxPoints = 7;
inline constexpr std::size_t kMinFollowUps = 1, kMaxFollowUps = 3;
inline constexpr std::size_t kMinFollowUpPoints = 1, kMaxFollowUpPoints = 5;

// Topic and scenario ids are checked as for quiz items (QuizContext).
std::vector<InterviewEntry> load_interview_text(std::string_view text, const std::string& file,
                                                const QuizContext& ctx);
std::vector<InterviewEntry> load_interview_file(const std::filesystem::path& file,
                                                const QuizContext& ctx);
// Every *.toml of `dir` in name order; an id used twice, in any files, is an error.
std::vector<InterviewEntry> load_interview_dir(const std::filesystem::path& dir,
                                               const QuizContext& ctx);

}  // namespace synack
