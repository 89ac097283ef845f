#include "app/front/plot_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "app/base/atomic_write.hpp"
#include "app/base/join.hpp"
#include "app/base/svg_png.hpp"
#include "app/content/scenario_catalog.hpp"
#include "app/draw/plot_build.hpp"
#include "app/draw/svg_plot.hpp"
#include "app/front/exit_codes.hpp"

namespace synack {

PlotFormat plot_format(const std::string& format, const std::string& path) {
  if (format == "png") return PlotFormat::png;
  if (format == "svg") return PlotFormat::svg;
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".png" ? PlotFormat::png : PlotFormat::svg;
}

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

std::string plot_file(const Plot& plot, PixelSize size, PlotFormat format) {
  PlotSvgOptions svg;
  svg.width = size.width;
  svg.height = size.height;
  std::string text = export_plot_svg(plot, svg);
  if (format == PlotFormat::svg) return text;
  return svg_to_png(text, size.width, size.height);
}

int plot_command(const PlotArgs& args, std::ostream& out, std::ostream& err) {
  const std::optional<PixelSize> px = parse_pixel_size(args.size, 320, 200, 10000);
  if (!px) throw UsageError(fmt::format("--size '{}': want WxH, at least 320x200", args.size));
  const LoadedRun run = load_and_run(args.run);
  const Lang lang = args.run.lang == "zh" ? Lang::zh : Lang::en;
  const UiStrings words = UiStrings::load(ui_strings_path(find_content_dir()));
  const Plot plot = plot_for_run(run.trace, args.kind, args.host, words, lang);
  const std::string bytes = plot_file(plot, *px, plot_format(args.run.format, args.run.output));
  if (args.run.output.empty()) {
    out << bytes;
  } else {
    write_file_atomically(args.run.output, bytes);
  }
  if (plot.empty()) err << "synack: " << plot.empty_note << "\n";  // still a valid picture
  return kExitOk;
}

}  // namespace synack
