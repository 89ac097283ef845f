#include "app/gui/text.hpp"

#include <imgui.h>

#include "app/base/utf8.hpp"
#include "app/base/wrap_lines.hpp"
#include "app/gui/fonts.hpp"

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

std::string ellipsized(std::string_view utf8, float width) {
  need_text(utf8);
  ImFont* font = ImGui::GetFont();
  const float scale = ImGui::GetFontSize() / font->FontSize;
  auto advance = [&](char32_t c) {
    return font->GetCharAdvance(static_cast<ImWchar>(c <= 0xFFFF ? c : U'?')) * scale;
  };
  const float dots = advance(U'…');
  float used = 0;
  std::size_t fits = 0;  // bytes that fit with the dots after them
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    const std::size_t n = decode_utf8(utf8, i, cp);
    used += advance(cp);
    if (used > width) return std::string(utf8.substr(0, fits)) + "…";
    if (used + dots <= width) fits = i + n;
    i += n;
  }
  return std::string(utf8);
}

}  // namespace synack::gui
