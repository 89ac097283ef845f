#pragma once
// The two plots of a run as Plot data: the window plot (cwnd, ssthresh, bytes in flight and
// the peer's window of one sender) and the time–sequence graph of its direction. Words come
// from content/ui/strings.toml ([plot]), in either language. No UI library.

#include <string>

#include "app/content/ui_strings.hpp"
#include "app/draw/plot_model.hpp"
#include "app/draw/tseq_series.hpp"
#include "app/draw/window_series.hpp"

namespace synack {

Plot window_plot(const WindowSeries& series, const std::string& host_name, const UiStrings& words,
                 Lang lang);
Plot tseq_plot(const TimeSequence& tseq, const std::string& host_name, const UiStrings& words,
               Lang lang);

}  // namespace synack
