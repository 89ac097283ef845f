#pragma once
// Wrapped text that also breaks Chinese lines (ImGui 1.86's TextWrapped only breaks at
// spaces, so a Chinese paragraph would run off the panel). Views use this for prose.

#include <string_view>

namespace synack::gui {

// Draws `utf8` wrapped to the width left in the current window (or `width` if > 0).
void text_wrapped(std::string_view utf8, float width = 0);

}  // namespace synack::gui
