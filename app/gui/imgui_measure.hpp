#pragma once
// Text widths as the window draws them: ImGui's current font at a given pixel size. The
// diagram layout measures its labels with this, so they fit the boxes it gives them.

#include <imgui.h>

#include "app/draw/text_measure.hpp"

namespace synack::gui {

class ImGuiMeasure final : public TextMeasure {
 public:
  // The font is looked up at each call: the atlas is rebuilt when the text size changes or
  // new characters arrive, and a layout may be redone after that (a sysctl change).
  double advance(char32_t c) const override {
    const ImFont* font = ImGui::GetFont();
    const auto wc = c <= 0xFFFF ? static_cast<ImWchar>(c) : static_cast<ImWchar>('?');
    return static_cast<double>(font->GetCharAdvance(wc)) * px / font->FontSize;
  }
  double line_height() const override { return px; }

  double px = 17;
};

}  // namespace synack::gui
