#include "app/front/plot_command.hpp"

#include <fmt/format.h>

#include "app/base/atomic_write.hpp"
#include "app/base/join.hpp"
#include "app/base/pixel_size.hpp"
#include "app/content/scenario_catalog.hpp"
#include "app/draw/plot_build.hpp"
#include "app/draw/svg_plot.hpp"
#include "app/front/exit_codes.hpp"

namespace synack {

Plot plot_for_run(const Trace& trace, const std::string& kind, const std::string& host,
                  const UiStrings& words, Lang lang) {
  std::optional<std::uint16_t> only;
  if (!host.empty()) {
    only = trace.host_index(host);
    if (*only == kNoHost) {
      std::vector<std::string> names;
      for (const auto& h : trace.hosts) names.push_back(h.name);
      throw UsageError(
          fmt::format("--host '{}': no such host in this run; hosts: {}", host, join(names, ", ")));
    }
  }
  const std::optional<std::uint32_t> conn = busiest_sender(trace, only);
  if (kind == "tseq") {
    TimeSequence ts = conn ? time_sequence(trace, *conn) : TimeSequence{};
    const std::string name = conn ? trace.host_name(ts.host) : host.empty() ? "-" : host;
    return tseq_plot(ts, name, words, lang);
  }
  WindowSeries ws = conn ? window_series(trace, *conn) : WindowSeries{};
  const std::string name = conn ? trace.host_name(ws.host) : host.empty() ? "-" : host;
  return window_plot(ws, name, words, lang);
}

int plot_command(const PlotArgs& args, std::ostream& out, std::ostream& err) {
  const std::optional<PixelSize> px = parse_pixel_size(args.size, 320, 200, 10000);
  if (!px) throw UsageError(fmt::format("--size '{}': want WxH, at least 320x200", args.size));
  PlotSvgOptions svg;
  svg.width = px->width;
  svg.height = px->height;
  const LoadedRun run = load_and_run(args.run);
  const Lang lang = args.run.lang == "zh" ? Lang::zh : Lang::en;
  const UiStrings words = UiStrings::load(ui_strings_path(find_content_dir()));
  const Plot plot = plot_for_run(run.trace, args.kind, args.host, words, lang);
  const std::string text = export_plot_svg(plot, svg);
  if (args.run.output.empty()) {
    out << text;
  } else {
    write_file_atomically(args.run.output, text);
  }
  if (plot.empty()) err << "synack: " << plot.empty_note << "\n";  // still a valid picture
  return kExitOk;
}

}  // namespace synack
