#pragma once
// A trace turned into the rows of a sequence diagram: which segments become arrows, which
// events become notes on a lifeline, where time stood still, which floods fold into one
// summary row. The text and Mermaid formatters only draw these rows.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "app/run/flood.hpp"
#include "engine/trace.hpp"

namespace synack {

struct DiagramOptions {
  Lang lang = Lang::en;
  bool show_timers = false;             // timers mostly repeat what the retransmissions already say
  Micros idle_gap = 1 * kMicrosPerSec;  // longer quiet stretches get an "idle" row
  // A run of consecutive flood events (spoofed sources, segments to nobody) with at least
  // this many segments is folded into summary rows.
  std::size_t flood_threshold = kFloodThreshold;
  // Narration text in `lang`, keyed by event index (app/run/narration.*), in event order.
  std::vector<std::pair<std::size_t, std::string>> narration;
};

enum class RowKind : std::uint8_t { arrow, note, idle, narration };

struct DiagramRow {
  RowKind kind = RowKind::note;
  Micros t = 0;
  std::uint16_t from = 0;          // arrow: sender; note: the host it is written on
  std::uint16_t to = kNoHost;      // arrow: receiver, kNoHost when nobody owns the address
  std::uint16_t toward = kNoHost;  // arrow to nobody: the lifeline it is drawn toward
  bool lost = false;               // arrow never arrived
  std::string label;               // "SYN,ACK seq=0 ack=1 len=0", "[ESTABLISHED]", "connect() = ok"
  std::string detail;              // why: "lost: ...", a retransmission's reason; "" when plain
  Micros gap = 0;                  // idle: how long
  std::size_t count = 1;           // events folded into this row (floods)
  std::size_t event = 0;           // first trace event behind the row
};

struct Diagram {
  std::string scenario;
  std::string profile;
  std::uint64_t seed = 0;
  std::vector<std::string> hosts;  // lifelines, left to right
  std::vector<std::string> addrs;
  std::vector<DiagramRow> rows;
  Micros end_time = 0;
  bool truncated = false;
  Lang lang = Lang::en;
};

Diagram build_diagram(const Trace& trace, const DiagramOptions& options = {});

}  // namespace synack
