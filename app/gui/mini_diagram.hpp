#pragma once
// A small diagram of a scenario step, drawn inline where feedback explains it (the quiz's
// answer, the interview drill's key points): the run laid out at the box's width, the
// playback at the step, scrolled so the step sits near the bottom. "Watch it" still opens
// the full view.

#include <imgui.h>

#include <filesystem>
#include <memory>
#include <string>

#include "app/quiz/watch.hpp"

namespace synack::gui {

struct GuiState;

class MiniDiagram {
 public:
  MiniDiagram();
  ~MiniDiagram();
  // Draws the target's step in a box `height` tall and `width` wide (0: the available
  // width). Nothing when the scenario cannot be run (the test suite finds broken links).
  void draw(const WatchTarget& target, const std::filesystem::path& content, const GuiState& gui,
            Lang lang, float height, float width = 0);

 private:
  struct Built;
  std::unique_ptr<Built> built_;
};

}  // namespace synack::gui
