#pragma once
// Paints a Plot (app/draw/plot_model.hpp) with ImDrawList, placed by the same frame as the
// SVG export: axes, ticks, units, legend, lines, bars, marks and the playback cursor's line.

#include <imgui.h>

#include <optional>

#include "app/draw/plot_frame.hpp"
#include "app/draw/plot_model.hpp"
#include "app/gui/view.hpp"

namespace synack::gui {

struct PlotColours {
  ImU32 ink[kPlotInkCount];
  ImU32 text, muted, grid, frame, cursor;
  float line = 1.5f;  // thicker on a projector
};
PlotColours plot_colours(const GuiState& gui, float font_px);

// The plots' text size in the window: the UI's, but in presenter mode (1.75× larger) nearer
// normal size, so the band keeps room for its data.
float plot_font_px(const GuiState& gui);

// Paints into [min, max) at the current font, `font_px` high; cursor_ms draws the now line.
// Untitled (the band under the diagram): the y unit leads the legend's row instead. `lead`:
// room left free in the top-left corner (the host picker's); the frame says where.
PlotFrame paint_plot(ImDrawList* dl, const Plot& plot, ImVec2 min, ImVec2 max, float font_px,
                     const PlotColours& colours, std::optional<double> cursor_ms,
                     bool titled = true, PlotLead lead = {});

}  // namespace synack::gui
