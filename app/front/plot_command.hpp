#pragma once
// `synack plot`: a scenario run once and one sender's window plot (cwnd, ssthresh, in flight,
// the peer's window) or time–sequence graph written as SVG. The window draws the same plots.

#include <optional>
#include <ostream>
#include <string>

#include "app/content/ui_strings.hpp"
#include "app/draw/plot_model.hpp"
#include "app/front/run_command.hpp"

namespace synack {

struct PlotArgs {
  RunArgs run;                   // scenario, profile, --set, --drop, seed, lang, output
  std::string kind = "window";   // window or tseq
  std::string host;              // "": the connection that sent the most data
  std::string size = "960x420";  // WxH in px
};

// The plot of `kind` for the busiest sender (on `host` if not empty) of a finished run.
// Throws UsageError for an unknown host.
Plot plot_for_run(const Trace& trace, const std::string& kind, const std::string& host,
                  const UiStrings& words, Lang lang);

// Writes the SVG to args.run.output or `out`; returns the exit code. Throws UsageError for
// bad arguments and other exceptions for failures: the command line reports both.
int plot_command(const PlotArgs& args, std::ostream& out, std::ostream& err);

}  // namespace synack
