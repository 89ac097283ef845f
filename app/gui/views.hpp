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
  whole,      // instead of all the others, when the mode is not the scenarios (quiz, stats)
};

struct PlacedView {
  Slot slot;
  std::unique_ptr<View> view;
};

// In drawing order; views sharing a slot share it top to bottom (side) or as tabs.
std::vector<PlacedView> make_views();

std::unique_ptr<View> make_browser_view();
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

}  // namespace synack::gui
