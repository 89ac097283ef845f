// The RFC 9293 state diagram (§3.3.2, figure 5), boxes placed as in the RFC's figure, with
// each host's state at the playback cursor written beside its box and the transition just
// taken drawn bold with an arrowhead and its label (never by colour alone).

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/base/text_width.hpp"
#include "app/gui/i18n.hpp"
#include "app/gui/views.hpp"
#include "engine/state_transitions.hpp"

namespace synack::gui {
namespace {

// Grid positions (column 0..2, row 0..6) following the RFC figure. CLOSED appears twice
// there (top, and bottom right after LAST-ACK and TIME-WAIT); index 11 is that second box.
constexpr int kClosedBottom = 11;
struct Place {
  float col, row;
};
constexpr std::array<Place, 12> kPlace = {{
    {1.0f, 0},  // CLOSED
    {1.0f, 1},  // LISTEN
    {2.0f, 2},  // SYN_SENT
    {0.0f, 2},  // SYN_RECEIVED
    {1.0f, 3},  // ESTABLISHED
    {0.0f, 4},  // FIN_WAIT_1
    {0.0f, 5},  // FIN_WAIT_2
    {2.0f, 4},  // CLOSE_WAIT
    {1.0f, 5},  // CLOSING
    {2.0f, 5},  // LAST_ACK
    {1.0f, 6},  // TIME_WAIT
    {2.0f, 6},  // CLOSED (again)
}};

// The figure's edges come from the engine (engine/state_transitions.hpp); each edge's label,
// "event / action" as in the RFC figure, is "state_edges." + its event in
// content/ui/strings.toml (both languages there); flag and state names stay as they are.
struct Edge {
  int from, to;
  std::string label_key;
};
using S = TcpState;
constexpr int I(S s) {
  return static_cast<int>(s);
}

// Which box a transition ends in: the second CLOSED box for the ends of a connection.
int target_box(TcpState from, TcpState to) {
  if (to == S::CLOSED && from != S::LISTEN && from != S::SYN_SENT && from != S::CLOSED)
    return kClosedBottom;
  return I(to);
}

const std::vector<Edge>& edges() {
  static const std::vector<Edge> all = [] {
    std::vector<Edge> out;
    for (const StateTransition& t : rfc9293_figure()) {
      out.push_back({I(t.from), target_box(t.from, t.to), "state_edges." + std::string(t.event)});
    }
    return out;
  }();
  return all;
}

// The state of every socket at the cursor, cached per (trace, shown events).
struct Snapshot {
  const Trace* trace = nullptr;
  std::size_t shown = static_cast<std::size_t>(-1);
  std::map<std::pair<std::uint16_t, std::uint32_t>, TcpState> sockets;  // (host, conn)
  std::optional<std::size_t> last;  // the latest state event shown
};

class StateMachineView : public View {
 public:
  const char* title_key() const override { return "states.title"; }

  void draw(Session& session, GuiState& gui) override {
    if (!session.is_open()) return;
    const Trace& trace = session.run().trace;
    update(*session.run().index, session.playback().visible_events());

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float fs = ImGui::GetFontSize();
    // Fit the panel: the figure must never be cut off on the right.
    const float w = std::max(avail.x - 4, fs * 12);
    const float h = std::max(avail.y - fs * 3, fs * 16);
    const float bw = std::min(w / 3.3f, fs * 8.5f), bh = fs * 1.7f;
    const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImU32 hl = ImGui::GetColorU32(ImGuiCol_PlotLinesHovered);
    const ImU32 box_on = ImGui::GetColorU32(ImGuiCol_Header);
    const float thick = gui.high_contrast || gui.presenter ? 2.0f : 1.0f;
    auto centre = [&](int box) {
      return ImVec2(p0.x + bw / 2 + 4 + kPlace[box].col * (w - bw - 8) / 2,
                    p0.y + bh / 2 + 2 + kPlace[box].row * (h - bh - 4) / 6);
    };
    // Where the segment from a to b leaves a's box (clipped to the box edge).
    auto edge_point = [&](ImVec2 c, ImVec2 towards) {
      const float dx = towards.x - c.x, dy = towards.y - c.y;
      const float sx = std::abs(dx) > 1e-3f ? (bw / 2) / std::abs(dx) : 1e9f;
      const float sy = std::abs(dy) > 1e-3f ? (bh / 2) / std::abs(dy) : 1e9f;
      const float s = std::min(sx, sy);
      return ImVec2(c.x + dx * s, c.y + dy * s);
    };
    auto arrow = [&](int a, int b, ImU32 col, float th, float bend) {
      ImVec2 ca = centre(a), cb = centre(b);
      // Parallel edges (A→B and B→A) are offset sideways so both stay visible.
      const float dx = cb.x - ca.x, dy = cb.y - ca.y, len = std::sqrt(dx * dx + dy * dy);
      const ImVec2 off(-dy / len * bend, dx / len * bend);
      ca = ImVec2(ca.x + off.x, ca.y + off.y);
      cb = ImVec2(cb.x + off.x, cb.y + off.y);
      const ImVec2 s = edge_point(ca, cb), e = edge_point(cb, ca);
      dl->AddLine(s, e, col, th);
      const float ux = dx / len, uy = dy / len, hs = 5 + 2 * th;
      dl->AddTriangleFilled(
          e, ImVec2(e.x - ux * hs - uy * hs * 0.5f, e.y - uy * hs + ux * hs * 0.5f),
          ImVec2(e.x - ux * hs + uy * hs * 0.5f, e.y - uy * hs - ux * hs * 0.5f), col);
      return ImVec2((s.x + e.x) / 2, (s.y + e.y) / 2);
    };
    auto has_reverse = [&](int a, int b) {
      return std::any_of(edges().begin(), edges().end(),
                         [&](const Edge& e) { return e.from == b && e.to == a; });
    };

    // The transition just taken.
    std::optional<std::pair<int, int>> taken;
    std::string taken_label;
    if (snap_.last) {
      const Event& ev = trace.events[*snap_.last];
      taken = {{I(ev.from), target_box(ev.from, ev.to)}};
      taken_label = fmt::format("{}: {} \u2192 {}", trace.host_name(ev.host), state_name(ev.from),
                                state_name(ev.to));
    }

    for (const Edge& e : edges()) {
      const bool is_taken = taken && taken->first == e.from && taken->second == e.to;
      const float bend = has_reverse(e.from, e.to) ? 6.0f : 0.0f;
      const ImVec2 mid =
          arrow(e.from, e.to, is_taken ? hl : dim, is_taken ? 3.5f * thick : thick, bend);
      if (is_taken || ImGui::IsMouseHoveringRect(ImVec2(mid.x - 20, mid.y - 10),
                                                 ImVec2(mid.x + 20, mid.y + 10)))
        label(dl, mid, tr(e.label_key.c_str()), ink, is_taken);
    }
    // A transition the RFC figure does not draw (an RST, a timeout, Linux shortcuts): drawn
    // straight, still bold and labelled.
    if (taken &&
        std::none_of(
            edges().begin(), edges().end(),
            [&](const Edge& e) { return e.from == taken->first && e.to == taken->second; }) &&
        taken->first != taken->second) {
      const ImVec2 mid = arrow(taken->first, taken->second, hl, 3.5f * thick, 0);
      // clip() cuts between characters, never inside a Chinese one.
      label(dl, mid, clip(describe(trace.events[*snap_.last].reason, session.lang), 60), ink, true);
    }

    // Which hosts are in each box: "client", "server ×128" for a flood's requests.
    std::array<std::map<std::string, int>, 12> who;
    for (const auto& [key, st] : snap_.sockets)
      who[static_cast<std::size_t>(I(st))][trace.host_name(key.first)]++;
    for (int b = 0; b < 12; ++b) {
      const ImVec2 c = centre(b);
      const ImVec2 a(c.x - bw / 2, c.y - bh / 2), z(c.x + bw / 2, c.y + bh / 2);
      const bool occupied = b < 11 && !who[static_cast<std::size_t>(b)].empty();
      if (occupied) dl->AddRectFilled(a, z, box_on, 4);
      dl->AddRect(a, z, ink, 4, 0, occupied ? 3.0f * thick : thick);
      const std::string name(state_name(static_cast<TcpState>(b == kClosedBottom ? 0 : b)));
      const ImVec2 ts = ImGui::CalcTextSize(name.c_str());
      dl->AddText(ImVec2(c.x - ts.x / 2, c.y - ts.y / 2), ink, name.c_str());
      if (!occupied) continue;
      std::string tag;
      for (const auto& [host, n] : who[static_cast<std::size_t>(b)]) {
        if (!tag.empty()) tag += ", ";
        tag += n > 1 ? fmt::format("{} \u00d7{}", host, n) : host;
      }
      tag = "\u2190 " + tag;
      // Tags go outside the box, on the side away from the diagram's middle.
      const ImVec2 tsz = ImGui::CalcTextSize(tag.c_str());
      const float tx = kPlace[static_cast<std::size_t>(b)].col >= 1.5f ? a.x - tsz.x - 4 : z.x + 4;
      const float ty = z.y + 1;
      dl->AddRectFilled(ImVec2(tx - 2, ty), ImVec2(tx + tsz.x + 2, ty + tsz.y),
                        ImGui::GetColorU32(ImGuiCol_WindowBg));
      dl->AddText(ImVec2(tx, ty), ink, tag.c_str());
    }
    ImGui::Dummy(ImVec2(w, h));
    if (taken)
      ImGui::Text("%s %s", tr("states.last_transition"), taken_label.c_str());
    else
      ImGui::TextDisabled("%s", tr("states.none_yet"));
  }

 private:
  void update(const TraceIndex& index, std::size_t shown) {
    const Trace& trace = index.trace();
    if (snap_.trace == &trace && snap_.shown == shown) return;
    if (snap_.trace != &trace || shown < snap_.shown) snap_ = Snapshot{&trace, 0, {}, {}};
    // Moving forward replays only the state changes in between (a SYN flood stays cheap).
    const auto states = index.state_events();
    auto from = std::lower_bound(states.begin(), states.end(), snap_.shown);
    auto to = std::lower_bound(states.begin(), states.end(), shown);
    for (auto it = from; it != to; ++it) {
      const Event& ev = trace.events[*it];
      snap_.sockets[{ev.host, ev.conn}] = ev.to;
      snap_.last = *it;
    }
    snap_.shown = shown;
  }

  static void label(ImDrawList* dl, ImVec2 mid, const std::string& text, ImU32 ink, bool bold) {
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const ImVec2 a(mid.x - ts.x / 2 - 3, mid.y - ts.y / 2 - 1),
        b(mid.x + ts.x / 2 + 3, mid.y + ts.y / 2 + 1);
    dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_WindowBg, 0.9f), 3);
    if (bold) dl->AddRect(a, b, ink, 3, 0, 2);
    dl->AddText(ImVec2(a.x + 3, a.y + 1), ink, text.c_str());
  }

  Snapshot snap_;
};

}  // namespace

std::unique_ptr<View> make_state_machine_view() {
  return std::make_unique<StateMachineView>();
}

}  // namespace synack::gui
