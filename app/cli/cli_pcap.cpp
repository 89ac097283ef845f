#include "app/cli/cli_pcap.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/base/atomic_write.hpp"
#include "app/base/text_width.hpp"
#include "app/capture/capture_import.hpp"
#include "app/draw/ascii_diagram.hpp"
#include "app/draw/mermaid_diagram.hpp"
#include "app/draw/trace_json.hpp"
#include "app/front/exit_codes.hpp"

namespace synack {
namespace {

// More conversations than this are listed, not drawn, unless --stream picks one.
constexpr std::size_t kDrawAtMost = 8;

std::string plural(std::uint64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string summary_text(const CaptureImport& c, Lang lang) {
  std::string text = fmt::format(
      "capture {}: {}, {}, {}, {}\n", c.file, c.link_type.empty() ? "?" : c.link_type,
      plural(c.stats.frames, "frame", "frames"), plural(c.stats.tcp, "TCP segment", "TCP segments"),
      plural(c.conversations.size(), "conversation", "conversations"));
  if (c.stats.unreadable + c.stats.unsupported + c.stats.fragments_left > 0) {
    text += fmt::format(
        "  skipped: {} with unreadable headers, {} not supported, {} partial "
        "IPv4 datagrams\n",
        c.stats.unreadable, c.stats.unsupported, c.stats.fragments_left);
  }
  for (const ConversationInfo& v : c.conversations) {
    text += fmt::format("\nstream {}: {} <-> {}, {}, {} + {} bytes\n", v.stream, v.a, v.b,
                        plural(v.packets, "packet", "packets"), v.bytes_a, v.bytes_b);
    text += fmt::format("  ends {} / {}; {}{} retransmitted, {} lost after the capture point",
                        state_name(v.end_a), state_name(v.end_b),
                        v.handshake_seen ? "" : "started before the capture; ", v.retransmissions,
                        v.lost);
    if (v.handshake_seen && !v.established) text += "; the handshake never completed";
    text += "\n";
  }
  if (!c.disagreements.empty()) {
    text += "\nwhat the endpoints did that synack's engine would not have done:\n";
    for (const Disagreement& d : c.disagreements) {
      std::string line = fmt::format("stream {}, packet {} from {}", d.stream, d.packet, d.from);
      if (d.count > 1) line += fmt::format(" (and {} more like it)", d.count - 1);
      line += ": " + describe(d.reason, lang);
      const auto pieces = wrap(line, static_cast<std::size_t>(kTextWidth) - 4);
      for (std::size_t k = 0; k < pieces.size(); ++k) {
        text += (k == 0 ? "  - " : "    ") + pieces[k] + "\n";
      }
    }
  }
  return text;
}

std::string render(const PcapArgs& args, const CaptureImport& c, const Trace& trace, bool draw) {
  const Lang lang = args.lang == "zh" ? Lang::zh : Lang::en;
  if (args.format == "json") {
    return format_json(trace, {.segments = args.segments, .zh = lang == Lang::zh});
  }
  DiagramOptions diagram;
  diagram.lang = lang;
  if (args.format == "mermaid") return format_mermaid(trace, diagram);
  std::string text = summary_text(c, lang);
  if (!draw) {
    text += fmt::format("\n{} conversations: draw one with --stream N\n", c.conversations.size());
  } else if (!trace.segments.empty()) {
    text += "\n" + format_text(trace, diagram);
  }
  return text;
}

}  // namespace

CLI::App* add_pcap_command(CLI::App& app, PcapArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "pcap", "Read a capture (pcap, pcapng): each endpoint's TCP state, packet by packet");
  cmd->add_option("file", args.file, "The capture file")->required();
  cmd->add_option("--format", args.format, "Output: text, json or mermaid")
      ->check(CLI::IsMember({"text", "json", "mermaid"}));
  cmd->add_option("--stream", args.stream,
                  "Only this conversation (numbered from 0, as Wireshark's tcp.stream)");
  cmd->add_option("--lang", args.lang, "Language of the reasons: en or zh")
      ->check(CLI::IsMember({"en", "zh"}));
  cmd->add_option("-o,--output", args.output, "Write to FILE instead of stdout");
  cmd->add_flag("--segments", args.segments, "JSON: also list every segment once");
  return cmd;
}

int cmd_pcap(const PcapArgs& args, std::ostream& out, std::ostream& err) {
  ImportOptions options;
  options.stream = args.stream;
  const bool show_progress = &err == &std::cerr && ::isatty(STDERR_FILENO) == 1;
  if (show_progress) {
    options.progress = [&err, &args](const ImportProgress& p) {
      const std::string share =
          p.bytes_total > 0 ? fmt::format("{:.0f}%, ", 100.0 * static_cast<double>(p.bytes_read) /
                                                           static_cast<double>(p.bytes_total))
                            : "";
      err << fmt::format("\rreading {}: {}{} packets", args.file, share, p.packets) << std::flush;
    };
  }
  CaptureImport c = import_capture(args.file, options);
  if (show_progress) err << "\r\033[K" << std::flush;  // the progress line goes away
  if (args.stream && *args.stream >= c.conversations.size()) {
    if (c.error) err << "synack: " << c.error->what() << "\n";
    err << fmt::format("synack: {}: no TCP stream {}; it has {} (0 to {})\n", args.file,
                       *args.stream,
                       plural(c.conversations.size(), "conversation", "conversations"),
                       c.conversations.empty() ? 0 : c.conversations.size() - 1);
    return c.error ? kExitFailure : kExitUsage;
  }
  const bool draw = args.stream || c.conversations.size() <= kDrawAtMost;
  if (args.format == "json" && args.output.empty()) {
    // Streamed: a large capture's trace is too big to hold as one string as well.
    write_json(c.trace, out, {.segments = args.segments, .zh = args.lang == "zh"});
  } else {
    const std::string text = render(args, c, c.trace, draw);
    if (args.output.empty()) {
      out << text;
    } else {
      write_file_atomically(args.output, text);
    }
  }
  if (c.error) {
    err << "synack: " << c.error->what() << " (what came before it is shown)\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace synack
