#pragma once
// Every panel of the window and where it goes. A new view adds its factory here and one
// line in views.cpp; the shell does the layout, the titles and the tabs.

#include <memory>
#include <vector>

#include "app/gui/view.hpp"

namespace synack::gui {

enum class Slot {
  left,       // scenario browser column
  centre,     // the diagram
  side,       // right column, top: always visible (narration)
  side_tabs,  // right column, below: one tab per view (inspector, states, queues, ...)
  bottom,     // under the diagram (playback bar)
  caption,    // presenter mode: a band between the diagram and the playback bar
  whole,      // instead of all the others, when the mode is not the scenarios (quiz, stats)
};

struct PlacedView {
  Slot slot;
  std::unique_ptr<View> view;
};

// In drawing order; views sharing a slot share it top to bottom (side) or as tabs.
std::vector<PlacedView> make_views();

std::unique_ptr<View> make_browser_view();
std::unique_ptr<View> make_capture_list_view();  // in the browser's place while a capture is open
std::unique_ptr<View> make_narration_view();
std::unique_ptr<View> make_playback_view();
std::unique_ptr<View> make_diagram_view();
std::unique_ptr<View> make_inspector_view();
std::unique_ptr<View> make_state_machine_view();
std::unique_ptr<View> make_queues_view();
std::unique_ptr<View> make_sysctl_view();
std::unique_ptr<View> make_predict_view();
std::unique_ptr<View> make_quiz_view();
std::unique_ptr<View> make_stats_view();
std::unique_ptr<View> make_interview_view();
std::unique_ptr<View> make_caption_view();

// The presenter caption's band (view_caption.cpp): how tall it must be, `band_width` wide,
// to show the caption whole: at least a few lines, at most 40 % of `window_height`.
float caption_band_height(const Session& session, const GuiState& gui, float band_width,
                          float window_height);

// The time–sequence graph's window (view_tseq.cpp), while gui.tseq_window is on.
void draw_tseq_window(Session& session, GuiState& gui);

// Ask the room (presenter mode, P): the question is the next send an instructor can ask
// about; revealing steps to the beat that shows it. A question stands until its arrow is shown.
void ask_the_room(Session& session, GuiState& gui);
void reveal_to_the_room(Session& session, GuiState& gui);
bool room_question_stands(const Session& session, const GuiState& gui);

}  // namespace synack::gui
