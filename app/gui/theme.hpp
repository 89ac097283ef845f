#pragma once
// Colours and sizes. The high-contrast theme is for projectors: black on white washes out,
// so it is white and yellow on black with thick borders.

#include <imgui.h>

#include "app/front/settings.hpp"

namespace synack::gui {

// Resets the ImGui style, applies the theme's colours and scales every size by `scale`.
void apply_theme(Theme theme, float scale);

// Red for what synack's engine would not have done (a captured segment), readable on the
// current theme's background.
ImVec4 disagreement_colour();

// The colour the window is cleared with: the panels' background, which they do not draw.
void clear_colour(float rgb[3]);

}  // namespace synack::gui
