#include "app/quiz/generated_text.hpp"

#include <fmt/format.h>

#include <set>

#include "app/draw/trace_labels.hpp"
#include "engine/splitmix64.hpp"

namespace synack::gen {

std::uint64_t Rng::next() {
  return splitmix64_next(state_);
}

int Rng::between(int lo, int hi) {
  const auto span = static_cast<std::uint64_t>(hi - lo + 1);
  return lo + static_cast<int>(next() % span);
}

namespace {

// Up to `decimals` decimals, trailing zeros dropped: 1.240 → "1.24".
std::string trimmed(double v, int decimals = 3) {
  std::string s = fmt::format("{:.{}f}", v, decimals);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

std::string short_time(Micros t) {
  if (t < kMicrosPerSec) return trimmed(static_cast<double>(t) / kMicrosPerMs) + " ms";
  // Seconds down to the microsecond: on a fast link "3.00006 s" and "3.00008 s" are
  // different moments, which "3 s" would hide.
  return trimmed(static_cast<double>(t) / kMicrosPerSec, 6) + " s";
}

std::string ordinal(int n) {
  const char* suffix = "th";
  if (n % 100 < 11 || n % 100 > 13) {
    if (n % 10 == 1) suffix = "st";
    if (n % 10 == 2) suffix = "nd";
    if (n % 10 == 3) suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

LocalizedText history(const Trace& trace, std::size_t before, std::size_t max_lines) {
  std::set<std::uint32_t> lost;
  for (std::size_t i = 0; i < before && i < trace.events.size(); ++i) {
    if (trace.events[i].type == EventType::drop) lost.insert(trace.events[i].segment);
  }
  std::vector<LocalizedText> lines;
  for (std::size_t i = 0; i < before && i < trace.events.size(); ++i) {
    const Event& e = trace.events[i];
    const std::string t = "t=" + short_time(e.t) + " ";
    const std::string& host = trace.host_name(e.host);
    if (e.type == EventType::send && e.segment < trace.segments.size()) {
      const SegmentRecord& r = trace.segments[e.segment];
      const std::string to =
          r.to_host == kNoHost ? addr_to_string(r.seg.dst.addr) : trace.host_name(r.to_host);
      const std::string line = t + host + " → " + to + " " + segment_label(r);
      const bool gone = lost.count(e.segment) > 0;
      lines.push_back({line + (gone ? " (lost)" : ""), line + (gone ? "（丢失）" : "")});
    } else if (e.type == EventType::app && e.result != AppResult::blocked) {
      const std::string call =
          fmt::format("{}() = {}", app_call_name(e.call), app_result_name(e.result));
      lines.push_back({t + host + ": " + call, t + host + "：" + call});
    } else if (e.type == EventType::state) {
      const std::string change = fmt::format("{} → {}", state_name(e.from), state_name(e.to));
      lines.push_back({t + host + ": " + change, t + host + "：" + change});
    }
  }
  if (lines.size() > max_lines) {
    lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(max_lines));
  }
  LocalizedText out;
  for (const LocalizedText& l : lines) {
    out.en += "  " + l.en + "\n";
    out.zh += "  " + l.zh + "\n";
  }
  return out;
}

LocalizedText history_block(const Trace& trace, std::size_t before, std::size_t max_lines) {
  LocalizedText lines = history(trace, before, max_lines);
  if (lines.en.empty()) return {"Nothing has happened yet.\n", "目前还什么都没有发生。\n"};
  return {"So far:\n" + lines.en, "目前为止：\n" + lines.zh};
}

}  // namespace synack::gen
