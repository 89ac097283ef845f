#pragma once
// The plots' host picker (the window's --host): a combo of every host that sent data on the
// open run, "client → server (14.5 kB)", the plotted one shown. Choosing another re-plots
// both plots. It sits in the top-left corner of the window plot's band and of the
// time–sequence window, where the plot's frame keeps room for it (PlotLead).

#include <imgui.h>

#include "app/draw/plot_frame.hpp"
#include "app/front/session_plots.hpp"

namespace synack::gui {

// The room the picker takes at the current font; empty when no host sent data.
PlotLead host_picker_size(const Session& session, SessionPlots& plots);

// Draws the picker at `at` (screen coordinates) in `width` px.
void host_picker(const Session& session, SessionPlots& plots, ImVec2 at, float width);

}  // namespace synack::gui
