#pragma once
// Wrapped text that also breaks Chinese lines (ImGui 1.86's TextWrapped only breaks at
// spaces, so a Chinese paragraph would run off the panel). Views use this for prose.

#include <string>
#include <string_view>

namespace synack::gui {

// Draws `utf8` wrapped to the width left in the current window (or `width` if > 0).
void text_wrapped(std::string_view utf8, float width = 0);

// `utf8` cut to fit `width` at the current font size, with "…" where it was cut; whole if it
// fits. (A clipped label still costs its hidden glyphs every frame; a cut one does not.)
std::string ellipsized(std::string_view utf8, float width);

}  // namespace synack::gui
