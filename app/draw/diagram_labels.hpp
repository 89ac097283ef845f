#pragma once
// Short texts drawn on the sequence diagram, shared by the ImGui view and the SVG export so
// a slide and the window say the same thing.

#include <string>
#include <string_view>

#include <vector>

#include "app/draw/diagram_layout.hpp"
#include "engine/trace.hpp"

namespace synack {

// The name a textbook gives the timer: "RTO", "SYN RTO", "2MSL", "keepalive",
// "FIN_WAIT_2 timeout";
// in Chinese "超时重传", "SYN 重传", ...
std::string_view timer_short_name(TimerKind k, Lang lang = Lang::en);

// "… 32.0 s …": a compressed idle gap with its true length.
std::string gap_label(Micros length);

// "retx #2" / "第 2 次重传": the n-th retransmission (1-based) of a segment.
std::string retransmit_label(int n, Lang lang = Lang::en);

// "9 timers" / "9 个计时器": the timers running on a lifeline, when more run than have a lane.
std::string running_timers_label(int n, Lang lang);

// "lost" / "丢失", after the label of a segment that never arrived.
std::string_view lost_label(Lang lang);

// "≠ engine" / "≠ 引擎", after the label of a captured segment synack's engine would not
// have sent (the inspector says why).
std::string_view disagreement_label(Lang lang);

// For every arrow, which retransmission of its original it is (0: a first transmission).
std::vector<int> retransmit_numbers(const Layout& layout);

// Tick label on the time axis: "0 ms", "10 ms", "1.5 s", "63 s".
std::string axis_label(Micros t);

// Ticks of the time axis in true virtual time: round values (1-2-5 steps) inside each stretch
// of uncompressed time, plus both ends of every compressed gap, never closer than
// `min_spacing` layout units. Reads only Layout::time_marks and Layout::gaps.
std::vector<std::pair<Micros, double>> axis_ticks(const Layout& layout, double min_spacing);

}  // namespace synack
