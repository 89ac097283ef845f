#include "app/gui/text.hpp"

#include <imgui.h>

#include "app/gui/fonts.hpp"
#include "app/wrap_lines.hpp"

namespace synack::gui {

void text_wrapped(std::string_view utf8, float width) {
  need_text(utf8);  // prose may be a user's: their scenario, their quiz file, an error
  if (width <= 0) width = ImGui::GetContentRegionAvail().x;
  ImFont* font = ImGui::GetFont();
  const float scale = ImGui::GetFontSize() / font->FontSize;
  auto advance = [&](char32_t c) {
    return font->GetCharAdvance(static_cast<ImWchar>(c <= 0xFFFF ? c : U'?')) * scale;
  };
  for (std::string_view line : wrap_lines(utf8, width, advance)) {
    ImGui::TextUnformatted(line.data(), line.data() + line.size());
  }
}

}  // namespace synack::gui
