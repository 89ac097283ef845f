#pragma once
// The printable sheet (`synack interview --export FILE.md|.html`): every entry with its
// model answer, key points, follow-ups and the answers interviewers reject, grouped by the
// sections of the topic list, in one language or both (what a student reads on the train).

#include <string>
#include <vector>

#include "app/content/topics.hpp"
#include "app/interview/interview_entry.hpp"

namespace synack {

enum class SheetLang { en, zh, both };

std::string interview_markdown(const std::vector<InterviewEntry>& entries, const TopicList& topics,
                               SheetLang lang);
// A standalone page: UTF-8, a CJK font stack, print-friendly.
std::string interview_html(const std::vector<InterviewEntry>& entries, const TopicList& topics,
                           SheetLang lang);

}  // namespace synack
