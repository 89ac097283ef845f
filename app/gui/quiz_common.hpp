#pragma once
// What the quiz and stats views share: the bar that switches between them and back to the
// scenarios, topic labels, and handing new text to the font atlas.

#include <string>

#include "app/front/quiz_desk.hpp"
#include "app/gui/view.hpp"

namespace synack::gui {

// Quiz | Stats | Scenarios, with their keys; the current one is shown pressed.
void mode_bar(GuiState& gui);

// "HS-11  The first SYN is lost" in the current language; the id alone if unknown.
std::string topic_label(const TopicList& topics, const std::string& id, Lang lang);

// Both languages of `text`, so switching language never shows missing glyphs.
void need_glyphs(const LocalizedText& text);

// A red line that wraps (errors: the bank cannot be used, a scenario does not open).
void error_text(const std::string& text);

// Keys the quiz and the interview drill read (1.86 has no key enum for digits: the GLFW
// backend indexes KeysDown by GLFW key code, as in shortcuts.cpp).
bool key_pressed(int glfw_key);
int digit_pressed();  // 1..9 from the main row or the keypad; 0: none
bool enter_pressed();
// The grade names 1..4 (Again, Hard, Good, Easy) as ui string keys.
inline constexpr const char* kGradeKeys[] = {"quiz.again", "quiz.hard", "quiz.good", "quiz.easy"};

// Starts a session and shows the quiz (the stats' weakest topics, the start screen).
void start_quiz(GuiState& gui, const QuizFilter& filter, Lang lang);

}  // namespace synack::gui
