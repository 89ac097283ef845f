#pragma once
// `synack plot`: a scenario run once and one sender's window plot (cwnd, ssthresh, in flight,
// the peer's window) or time–sequence graph written as SVG or PNG. The window draws the same
// plots, and its Export menu writes the same files.

#include <optional>
#include <ostream>
#include <string>

#include "app/base/pixel_size.hpp"
#include "app/content/ui_strings.hpp"
#include "app/draw/plot_model.hpp"
#include "app/front/run_command.hpp"

namespace synack {

struct PlotArgs {
  RunArgs run;                   // scenario, profile, --set, --drop, seed, lang, output;
                                 // format: svg, png, or "" for -o's extension
  std::string kind = "window";   // window or tseq
  std::string host;              // "": the connection that sent the most data
  std::string size = "960x420";  // WxH in px
};

// The size of a plot file when none is asked for.
inline constexpr PixelSize kPlotFileSize{960, 420};

enum class PlotFormat { svg, png };

// `format` if given ("svg" or "png"), else PNG for a path ending in .png (any case), else SVG.
PlotFormat plot_format(const std::string& format, const std::string& path);

// The plot of `kind` for the busiest sender (on `host` if not empty) of a finished run.
// Throws UsageError for an unknown host.
Plot plot_for_run(const Trace& trace, const std::string& kind, const std::string& host,
                  const UiStrings& words, Lang lang);

// The plot as a file's bytes: the SVG, or that SVG drawn into a PNG of the same size
// (app/base/svg_png.hpp). Throws std::runtime_error if the PNG cannot be made.
std::string plot_file(const Plot& plot, PixelSize size, PlotFormat format);

// Writes the SVG or PNG to args.run.output or `out`; returns the exit code. Throws
// UsageError for bad arguments and other exceptions for failures: the command line reports
// both.
int plot_command(const PlotArgs& args, std::ostream& out, std::ostream& err);

}  // namespace synack
