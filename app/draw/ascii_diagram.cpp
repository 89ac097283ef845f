#include "app/draw/ascii_diagram.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "app/base/text_width.hpp"
#include "app/draw/trace_labels.hpp"

namespace synack {
namespace {

constexpr int kTimeWidth = 10;
constexpr int kCanvasWidth = kTextWidth - kTimeWidth - 1;

// One row of the drawing, one cell per terminal column. A wide glyph fills its first cell
// and leaves the second empty, so columns stay aligned whatever the text.
class Canvas {
 public:
  Canvas() : cells_(kCanvasWidth, " ") {}

  void put(int x, std::string_view text) {
    for (auto g : glyphs(text)) {
      int w = glyph_width(g);
      if (w == 0) continue;
      if (x < 0 || x + w > kCanvasWidth) return;
      set(x, std::string(g));
      if (w == 2) {
        if (x + 2 < kCanvasWidth && cells_[x + 2].empty()) cells_[x + 2] = " ";
        cells_[x + 1] = "";
      }
      x += w;
    }
  }

  std::string str() const {
    std::string out;
    for (const auto& c : cells_) out += c;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  }

 private:
  void set(int x, std::string glyph) {
    if (cells_[x].empty() && x > 0) cells_[x - 1] = " ";  // cut a wide glyph in half
    if (x + 1 < kCanvasWidth && cells_[x + 1].empty()) cells_[x + 1] = " ";
    cells_[x] = std::move(glyph);
  }

  std::vector<std::string> cells_;
};

int width_of(std::string_view s) {
  return static_cast<int>(display_width(s));
}

struct Region {
  int lo = 0;
  int hi = -1;  // inclusive
  int width() const { return hi - lo + 1; }
};

class Renderer {
 public:
  explicit Renderer(const Diagram& d) : d_(d) { place_lifelines(); }

  std::string render() {
    header();
    for (const auto& row : d_.rows) {
      switch (row.kind) {
        case RowKind::arrow:
          arrow(row);
          break;
        case RowKind::note:
          note(row.from, row);
          break;
        case RowKind::idle:
          idle(row);
          break;
        case RowKind::narration:
          narration(row);
          break;
      }
    }
    footer();
    return out_;
  }

 private:
  const Diagram& d_;
  std::vector<int> x_;
  std::string out_;
  Micros shown_t_ = -1;

  int n() const { return static_cast<int>(x_.size()); }

  void place_lifelines() {
    const int count = static_cast<int>(d_.hosts.size());
    if (count == 0) return;
    if (count == 1) {
      x_.push_back(22);
      return;
    }
    // Two hosts get wide margins for their notes; more hosts share the width.
    const int side = count == 2 ? 14 : 12;
    const int span = std::max(4, (kCanvasWidth - 1 - 2 * side) / (count - 1));
    for (int i = 0; i < count; ++i) x_.push_back(side + i * span);
  }

  Canvas lifelines(std::string_view mark = "|") const {
    Canvas c;
    for (int x : x_) c.put(x, mark);
    return c;
  }

  void line(std::string_view time, const Canvas& c) {
    std::string text = fmt::format("{:>{}} {}", time, kTimeWidth, c.str());
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out_ += clip(text, kTextWidth);  // only a time past 9999 s could overflow
    out_ += '\n';
  }

  void plain(std::string_view text) {
    out_ += clip(text, kTextWidth);
    out_ += '\n';
  }

  std::string time_for(Micros t) {
    if (t == shown_t_) return "";
    shown_t_ = t;
    return format_time(t);
  }

  void centered(Canvas& c, int center, std::string_view text, int lo, int hi) {
    int w = width_of(text);
    int start = std::clamp(center - w / 2, lo, std::max(lo, hi - w + 1));
    c.put(start, clip(text, static_cast<std::size_t>(hi - start + 1)));
  }

  void header() {
    plain(fmt::format("scenario {}  |  profile {}  |  seed {}", d_.scenario, d_.profile, d_.seed));
    plain("");
    Canvas names, addrs;
    bool named_by_addr = true;  // hosts read from a capture are named by their address
    for (int i = 0; i < n(); ++i) {
      named_by_addr = named_by_addr && d_.hosts[i].starts_with(d_.addrs[i]);
      int lo = i == 0 ? 0 : (x_[i - 1] + x_[i]) / 2 + 1;
      int hi = i == n() - 1 ? kCanvasWidth - 1 : (x_[i] + x_[i + 1]) / 2 - 1;
      centered(names, x_[i], d_.hosts[i], lo, hi);
      centered(addrs, x_[i], d_.addrs[i], lo, hi);
    }
    line("", names);
    if (!named_by_addr) line("", addrs);
    line("", lifelines());
  }

  void footer() {
    line("", lifelines());
    std::string end = fmt::format("{:>{}} end of trace", format_time(d_.end_time), kTimeWidth);
    if (d_.truncated) end += " (stopped by the time limit with work still pending)";
    plain(end);
  }

  // Text under a row, wrapped into `region`; several lines may be separated by '\n'.
  void details(std::string_view detail, Region region) {
    if (detail.empty()) return;
    std::size_t start = 0;
    while (start <= detail.size()) {
      auto nl = detail.find('\n', start);
      std::string_view part = detail.substr(start, nl == std::string_view::npos ? nl : nl - start);
      for (const auto& piece : wrap(part, static_cast<std::size_t>(region.width()))) {
        Canvas c = lifelines();
        c.put(region.lo, piece);
        line("", c);
      }
      if (nl == std::string_view::npos) break;
      start = nl + 1;
    }
  }

  // Room between two lifelines for text about an arrow; the whole right side if too narrow.
  Region between(int a, int b) const {
    Region r{std::min(a, b) + 2, std::max(a, b) - 2};
    if (r.width() < 24) r.hi = kCanvasWidth - 1;
    return r;
  }

  void arrow(const DiagramRow& row) {
    std::uint16_t target = row.to != kNoHost ? row.to : row.toward;
    if (row.from >= n() || target >= n() || target == row.from) {
      note(row.from < n() ? row.from : 0, row);
      return;
    }
    const int a = x_[row.from];
    const int b = x_[target];
    const int dir = b > a ? 1 : -1;
    const bool lost = row.lost || row.to == kNoHost;
    const int head = lost ? a + dir * (std::abs(b - a) / 2) : b - dir;

    Canvas c = lifelines();
    for (int p = a + dir; p != head; p += dir) c.put(p, "-");
    c.put(head, lost ? "X" : (dir > 0 ? ">" : "<"));

    // Inside the shaft, keeping at least two dashes at each end.
    Region inside{std::min(a, head) + 2, std::max(a, head) - 2};
    std::string label = fmt::format(" {} ", row.label);
    int w = width_of(label);
    std::string time = time_for(row.t);
    if (w <= inside.width()) {
      c.put(inside.lo + (inside.width() - w) / 2, label);
    } else {
      Canvas above = lifelines();
      Region room = between(a, b);
      int start = room.lo + std::max(0, (room.width() - w) / 2);
      if (start + w > kCanvasWidth) start = std::max(0, kCanvasWidth - w);
      above.put(start, clip(row.label, static_cast<std::size_t>(kCanvasWidth - start)));
      line(time, above);
      time.clear();
    }
    line(time, c);
    details(row.detail, between(a, b));
  }

  Region left_of(int i) const { return {i == 0 ? 0 : x_[i - 1] + 2, x_[i] - 2}; }
  Region right_of(int i) const {
    return {x_[i] + 2, i == n() - 1 ? kCanvasWidth - 1 : x_[i + 1] - 2};
  }

  void note(std::uint16_t host, const DiagramRow& row) {
    if (n() == 0) return;
    const int i = std::min<int>(host, n() - 1);
    // The first host writes on its outer (left) side, the others to their right, so notes
    // of neighbours do not meet; long text goes where there is more room.
    Region left = left_of(i), right = right_of(i);
    bool prefer_left = i == 0 && n() > 1;
    Region first = prefer_left ? left : right, second = prefer_left ? right : left;
    const int w = width_of(row.label);
    Region region = w <= first.width()    ? first
                    : w <= second.width() ? second
                                          : (first.width() >= second.width() ? first : second);
    const bool on_left = region.lo < x_[i];
    std::string time = time_for(row.t);
    auto lines = wrap(row.label, static_cast<std::size_t>(std::max(1, region.width())));
    for (std::size_t k = 0; k < lines.size(); ++k) {
      Canvas c = lifelines();
      if (k == 0) c.put(x_[i], "+");
      int lw = width_of(lines[k]);
      c.put(on_left ? region.hi - lw + 1 : region.lo, lines[k]);
      line(k == 0 ? time : "", c);
    }
    Region wide = left.width() == right.width()  ? region
                  : left.width() > right.width() ? left
                                                 : right;
    details(row.detail, wide);
  }

  void idle(const DiagramRow& row) {
    Canvas c = lifelines(":");
    std::string text = fmt::format("~~~ {} idle ~~~", format_gap(row.gap));
    if (d_.lang == Lang::zh) text = fmt::format("~~~ 空闲 {} ~~~", format_gap(row.gap));
    int center = n() > 0 ? (x_.front() + x_.back()) / 2 : kCanvasWidth / 2;
    centered(c, center, text, 0, kCanvasWidth - 1);
    line("", c);
  }

  void narration(const DiagramRow& row) {
    const std::string indent(kTimeWidth + 1, ' ');
    for (const auto& piece : wrap(row.label, static_cast<std::size_t>(kCanvasWidth - 2))) {
      out_ += indent + "» " + piece + "\n";
    }
  }
};

}  // namespace

std::string format_text(const Trace& trace, const DiagramOptions& options) {
  return Renderer(build_diagram(trace, options)).render();
}

}  // namespace synack
