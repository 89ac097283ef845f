#include "app/gui/views.hpp"

namespace synack::gui {

std::vector<PlacedView> make_views() {
  std::vector<PlacedView> v;
  v.push_back({Slot::left, make_browser_view()});
  v.push_back({Slot::left, make_capture_list_view()});
  v.push_back({Slot::centre, make_diagram_view()});
  v.push_back({Slot::side, make_predict_view()});  // when on, the task comes first
  v.push_back({Slot::side, make_narration_view()});
  v.push_back({Slot::side_tabs, make_inspector_view()});
  v.push_back({Slot::side_tabs, make_state_machine_view()});
  v.push_back({Slot::side_tabs, make_queues_view()});
  v.push_back({Slot::side_tabs, make_sysctl_view()});
  v.push_back({Slot::bottom, make_playback_view()});
  v.push_back({Slot::caption, make_caption_view()});
  v.push_back({Slot::whole, make_quiz_view()});
  v.push_back({Slot::whole, make_stats_view()});
  v.push_back({Slot::whole, make_interview_view()});
  return v;
}

}  // namespace synack::gui
