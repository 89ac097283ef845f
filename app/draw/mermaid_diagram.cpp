#include "app/draw/mermaid_diagram.hpp"

#include <fmt/format.h>

#include "app/draw/trace_labels.hpp"

namespace synack {
namespace {

constexpr std::string_view kNobody = "nobody";

std::string id(std::uint16_t host) {
  // Host names may hold '-' (which Mermaid reads as an arrow) or spaces: use h0, h1, ...
  return host == kNoHost ? std::string(kNobody) : fmt::format("h{}", host);
}

std::string with_detail(const DiagramRow& row, std::string_view head) {
  std::string text = mermaid_escape(head);
  std::size_t start = 0;
  std::string_view detail = row.detail;
  while (!detail.empty() && start <= detail.size()) {
    auto nl = detail.find('\n', start);
    text += "<br/>" +
            mermaid_escape(detail.substr(start, nl == std::string_view::npos ? nl : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return text;
}

}  // namespace

std::string mermaid_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '#':
        out += "#35;";
        break;
      case ';':
        out += "#59;";
        break;
      case '<':
        out += "#60;";
        break;
      case '>':
        out += "#62;";
        break;
      case '\n':
        out += "<br/>";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string format_mermaid(const Trace& trace, const DiagramOptions& options) {
  Diagram d = build_diagram(trace, options);
  const auto hosts = static_cast<std::uint16_t>(d.hosts.size());
  std::string out = "sequenceDiagram\n";
  for (std::uint16_t i = 0; i < hosts; ++i) {
    const bool named_by_addr = d.hosts[i].starts_with(d.addrs[i]);  // read from a capture
    out += fmt::format(
        "    participant {} as {}\n", id(i),
        mermaid_escape(named_by_addr ? d.hosts[i] : fmt::format("{} {}", d.hosts[i], d.addrs[i])));
  }
  bool nobody = false;
  for (const auto& row : d.rows)
    nobody = nobody || (row.kind == RowKind::arrow && row.to == kNoHost);
  if (nobody) out += fmt::format("    participant {} as spoofed addresses (no host)\n", kNobody);

  // Notes that concern everyone span from the first lifeline to the last.
  std::string all = hosts == 0   ? id(0)
                    : hosts == 1 ? id(0)
                                 : fmt::format("{},{}", id(0), id(hosts - 1));
  out += fmt::format("    Note over {}: {}\n", all,
                     mermaid_escape(fmt::format("scenario {}, profile {}, seed {}", d.scenario,
                                                d.profile, d.seed)));
  for (const auto& row : d.rows) {
    std::string when = format_time(row.t);
    switch (row.kind) {
      case RowKind::arrow: {
        std::uint16_t to = row.to;
        if (to == row.from) {
          out += fmt::format("    Note over {}: {}\n", id(row.from),
                             with_detail(row, fmt::format("{} {}", when, row.label)));
          break;
        }
        out += fmt::format("    {}{}{}: {}\n", id(row.from), row.lost ? "-x" : "->>", id(to),
                           mermaid_escape(fmt::format("{} {}", when, row.label)));
        if (!row.detail.empty()) {
          out += fmt::format("    Note over {},{}: {}\n", id(row.from), id(to),
                             with_detail(row, "").substr(5));  // drop the leading <br/>
        }
        break;
      }
      case RowKind::note:
        out += fmt::format("    Note over {}: {}\n", id(row.from),
                           with_detail(row, fmt::format("{} {}", when, row.label)));
        break;
      case RowKind::idle:
        out += fmt::format("    Note over {}: {}\n", all,
                           mermaid_escape(fmt::format("{} idle", format_gap(row.gap))));
        break;
      case RowKind::narration:
        out += fmt::format("    Note over {}: {}\n", all, mermaid_escape(row.label));
        break;
    }
  }
  out += fmt::format("    Note over {}: {}\n", all,
                     mermaid_escape(fmt::format("{} end of trace{}", format_time(d.end_time),
                                                d.truncated ? " (time limit)" : "")));
  return out;
}

}  // namespace synack
