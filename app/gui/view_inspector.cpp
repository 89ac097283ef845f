// The selected segment: why it was sent and what became of it (lost, or what the receiver
// did: segment_fate), with the RFC section, then its TCP header laid out as in RFC 9293's
// header figure (rows of 32 bits), raw and relative numbers, and the options decoded.

#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/draw/trace_labels.hpp"
#include "app/gui/i18n.hpp"
#include "app/gui/text.hpp"
#include "app/gui/theme.hpp"
#include "app/gui/views.hpp"
#include "app/run/segment_fate.hpp"

namespace synack::gui {
namespace {

// Bytes the options take on the wire, as Linux lays them out (NOPs pad to 32-bit words).
std::uint32_t options_length(const TcpOptions& o) {
  std::uint32_t n = 0;
  if (o.mss != 0) n += 4;
  if (o.has_timestamp)
    n += 12;  // (SACK-permitted or NOP NOP) + TS 10
  else if (o.sack_permitted)
    n += 4;
  if (o.wscale >= 0) n += 4;
  if (o.sack_count > 0) n += 4 + 8u * o.sack_count;
  return n;
}

struct Cell {
  int bits;
  std::string name;
  std::string value;
  bool on = false;  // a set flag: drawn bold-boxed and written "1", never by colour alone
};

class InspectorView : public View {
 public:
  const char* title_key() const override { return "inspector.title"; }

  void draw(Session& session, GuiState&) override {
    if (!session.is_open() || !session.selected_segment ||
        *session.selected_segment >= session.run().trace.segments.size()) {
      ImGui::TextWrapped("%s", tr("inspector.none"));
      return;
    }
    const Run& run = session.run();
    const Trace& trace = run.trace;
    const std::uint32_t index = *session.selected_segment;
    const SegmentRecord& rec = trace.segments[index];
    const Segment& s = rec.seg;
    const Lang lang = session.lang;

    const Arrow* arrow = nullptr;
    for (const auto& a : run.layout.arrows)
      if (a.segment == index) {
        arrow = &a;
        break;
      }
    const SegmentFate fate = segment_fate(*run.index, index);

    // Why it was sent and what became of it first: that is what a student clicked for; the
    // header's fields follow.
    ImGui::TextUnformatted(arrow ? arrow->label.c_str() : flags_to_string(s.flags).c_str());
    ImGui::TextDisabled("%s  \u2192  %s", sockaddr_to_string(s.src).c_str(),
                        sockaddr_to_string(s.dst).c_str());
    if (rec.frag.fragmented()) {
      // IP header fields, which read the same in every language.
      ImGui::TextDisabled("IP id %u  offset %u  len %u  MF=%d", rec.frag.id, rec.frag.offset,
                          rec.frag.len, rec.frag.more ? 1 : 0);
    }
    if (fate.sent)
      ImGui::TextDisabled("%s %s", tr("inspector.sent_at"),
                          format_time(trace.events[*fate.sent].t).c_str());
    if (rec.retransmit_of != kNoIndex) {
      ImGui::Text("%s #%u", tr("inspector.retransmit_of"), rec.retransmit_of);
      ImGui::SameLine();
      if (ImGui::SmallButton(tr("inspector.show_original")))
        session.selected_segment = rec.retransmit_of;
    }
    ImGui::Separator();
    if (fate.sent) reason(tr("inspector.why_sent"), trace.events[*fate.sent].reason, lang);
    if (fate.sent && trace.events[*fate.sent].disagreement.why != Why::none) {
      // A captured segment a real endpoint sent where the engine would not have.
      ImGui::Spacing();
      ImGui::PushStyleColor(ImGuiCol_Text, disagreement_colour());
      reason(tr("inspector.disagreement"), trace.events[*fate.sent].disagreement, lang);
      ImGui::PopStyleColor();
    }
    ImGui::Spacing();
    outcome(session, trace, fate);

    ImGui::Separator();
    ImGui::TextUnformatted(tr("inspector.header"));
    header_figure(rec);
    ImGui::Spacing();

    if (ImGui::BeginTable("##numbers", 3,
                          ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn(tr("inspector.field"));
      ImGui::TableSetupColumn(tr("inspector.raw"));
      ImGui::TableSetupColumn(tr("inspector.relative"));
      ImGui::TableHeadersRow();
      row(tr("inspector.seq"), std::to_string(s.seq), std::to_string(rec.rel_seq));
      row(tr("inspector.ack"), s.has(kAck) ? std::to_string(s.ack) : "-",
          s.has(kAck) ? std::to_string(rec.rel_ack) : "-");
      row(tr("inspector.len"), std::to_string(s.len), "");
      row(tr("inspector.window"), std::to_string(s.win), "");
      ImGui::EndTable();
    }

    ImGui::Spacing();
    ImGui::TextUnformatted(tr("inspector.options"));
    const TcpOptions& o = s.opt;
    bool any = false;
    if (o.mss) any = true, ImGui::BulletText("MSS %u", o.mss);
    if (o.wscale >= 0)
      any = true,
      ImGui::BulletText("%s %d (\u00d7%d)", tr("inspector.wscale"), o.wscale, 1 << o.wscale);
    if (o.sack_permitted) any = true, ImGui::BulletText("%s", tr("inspector.sack_permitted"));
    if (o.has_timestamp)
      any = true,
      ImGui::BulletText("%s TSval=%u TSecr=%u", tr("inspector.timestamps"), o.ts_val, o.ts_ecr);
    for (std::size_t i = 0; i < o.sack_count && i < o.sack.size(); ++i) {
      any = true;
      ImGui::BulletText("SACK %u-%u (%s %u-%u)", o.sack[i].left, o.sack[i].right,
                        tr("inspector.relative"), o.sack[i].left - rec.sack_base,
                        o.sack[i].right - rec.sack_base);
    }
    if (!any) ImGui::TextDisabled("  %s", tr("inspector.no_options"));
  }

 private:
  static void row(const char* name, const std::string& raw, const std::string& rel) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(name);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(raw.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(rel.c_str());
  }

  static void reason(const char* title, const Reason& r, Lang lang) {
    text_wrapped(title);  // "≠ What synack's engine would not have done" outgrows a narrow pane
    text_wrapped(describe(r, lang));
    const auto section = rfc_section(r.why);
    if (!section.empty())
      ImGui::TextDisabled("%.*s", static_cast<int>(section.size()), section.data());
  }

  // Lost (and by what), or arrived (after how long) and what the receiver did at once.
  static void outcome(Session& session, const Trace& trace, const SegmentFate& fate) {
    const Lang lang = session.lang;
    if (fate.lost) {
      reason(tr("inspector.why_lost"), trace.events[*fate.lost].reason, lang);
      return;
    }
    if (!fate.arrived) {
      ImGui::TextUnformatted(tr("inspector.on_arrival"));
      ImGui::TextDisabled("%s", tr("inspector.in_flight"));
      return;
    }
    const Event& arrival = trace.events[*fate.arrived];
    ImGui::TextUnformatted(tr("inspector.on_arrival"));
    text_wrapped(
        fmt::format("{}: {}", trace.host_name(arrival.host), describe(arrival.reason, lang)));
    if (fate.reaction.empty()) {
      ImGui::TextDisabled("%s", tr("inspector.no_reaction"));
      return;
    }
    // Each change on one line, its reason under it (unless a line above gave the same).
    std::vector<std::string> told;
    for (std::size_t i : fate.reaction) {
      const Event& e = trace.events[i];
      ImGui::Bullet();
      ImGui::SameLine();
      ImGui::BeginGroup();
      switch (e.type) {
        case EventType::state:
          ImGui::Text("%s: %s \u2192 %s", trace.host_name(e.host).c_str(),
                      std::string(state_name(e.from)).c_str(),
                      std::string(state_name(e.to)).c_str());
          break;
        case EventType::queue:
          ImGui::Text("%s %u/%u, %s %u/%u", tr("queues.syn"), e.syn_queue, e.syn_queue_max,
                      tr("queues.accept"), e.accept_queue, e.accept_queue_max);
          break;
        case EventType::app:
          ImGui::Text("%s() = %s", std::string(app_call_name(e.call)).c_str(),
                      std::string(app_result_name(e.result)).c_str());
          break;
        case EventType::send: {
          const std::string label =
              fmt::format("{} {} #{}", tr("inspector.answered"),
                          flags_to_string(trace.segments[e.segment].seg.flags), e.segment);
          if (ImGui::SmallButton(label.c_str())) session.selected_segment = e.segment;
          break;
        }
        default:
          break;
      }
      const std::string why = e.reason.why == Why::app_call ? "" : describe(e.reason, lang);
      if (!why.empty() && std::find(told.begin(), told.end(), why) == told.end()) {
        text_wrapped(why);
        told.push_back(why);
      }
      ImGui::EndGroup();
    }
  }

  // RFC 9293 §3.1 figure 1: a bit ruler, then five 32-bit rows and the options.
  static void header_figure(const SegmentRecord& rec) {
    const Segment& s = rec.seg;
    const std::uint32_t opt_len = options_length(s.opt);
    const std::uint32_t doff = 5 + (opt_len + 3) / 4;
    auto flag = [&](const char* n, std::uint8_t f) {
      return Cell{1, n, s.has(f) ? "1" : "0", s.has(f)};
    };
    const std::vector<std::vector<Cell>> rows = {
        {{16, tr("inspector.src_port"), std::to_string(s.src.port)},
         {16, tr("inspector.dst_port"), std::to_string(s.dst.port)}},
        {{32, tr("inspector.seq_number"),
          fmt::format("{}  ({} {})", s.seq, tr("inspector.rel"), rec.rel_seq)}},
        {{32, tr("inspector.ack_number"),
          s.has(kAck) ? fmt::format("{}  ({} {})", s.ack, tr("inspector.rel"), rec.rel_ack)
                      : std::string("0")}},
        {{4, "DOff", std::to_string(doff)},
         {4, "Rsrvd", "0"},
         {1, "C", "0"},
         {1, "E", "0"},
         flag("U", kUrg),
         flag("A", kAck),
         flag("P", kPsh),
         flag("R", kRst),
         flag("S", kSyn),
         flag("F", kFin),
         {16, tr("inspector.window"), std::to_string(s.win)}},
        {{16, tr("inspector.checksum"), tr("inspector.not_modelled")},
         {16, tr("inspector.urgent"), "0"}},
    };

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float width = std::max(320.0f, std::min(ImGui::GetContentRegionAvail().x, 640.0f));
    const float bit = width / 32;
    const float fs = ImGui::GetFontSize();
    const float row_h = fs * 2.4f;
    const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImU32 on_bg = ImGui::GetColorU32(ImGuiCol_Header);
    ImVec2 p = ImGui::GetCursorScreenPos();
    const float small = fs * 0.75f;
    // The bit ruler: 0 ... 31, tens on the line above as in the RFC.
    for (int b = 0; b < 32; b += 4) {
      dl->AddText(nullptr, small, ImVec2(p.x + b * bit + 1, p.y), dim, std::to_string(b).c_str());
    }
    p.y += small + 2;
    const char* tips = nullptr;
    for (const auto& r : rows) {
      float x = p.x;
      for (const auto& c : r) {
        const ImVec2 a(x, p.y), b(x + c.bits * bit, p.y + row_h);
        if (c.on) dl->AddRectFilled(a, b, on_bg);
        dl->AddRect(a, b, ink, 0, 0, c.on ? 2.5f : 1.0f);
        const float name_size = c.bits == 1 ? fs * 0.8f : small;
        const ImVec2 ns = ImGui::GetFont()->CalcTextSizeA(name_size, 1e9f, 0, c.name.c_str());
        dl->AddText(nullptr, name_size, ImVec2((a.x + b.x - ns.x) / 2, a.y + 2),
                    c.bits == 1 ? ink : dim, c.name.c_str());
        const ImVec2 vs = ImGui::CalcTextSize(c.value.c_str());
        if (vs.x < b.x - a.x)
          dl->AddText(ImVec2((a.x + b.x - vs.x) / 2, b.y - fs - 2), ink, c.value.c_str());
        if (ImGui::IsMouseHoveringRect(a, b)) tips = c.name.c_str();
        x = b.x;
      }
      p.y += row_h;
    }
    // Options row(s): one box across the full width, its length in 32-bit words.
    if (opt_len > 0) {
      const std::string text = options_to_string(rec.seg.opt, rec.sack_base);
      const ImVec2 a(p.x, p.y), b(p.x + 32 * bit, p.y + row_h);
      dl->AddRect(a, b, ink);
      dl->AddText(nullptr, small, ImVec2(a.x + 3, a.y + 2), dim,
                  fmt::format("{} ({} B)", tr("inspector.options"), opt_len).c_str());
      dl->PushClipRect(a, b, true);
      dl->AddText(ImVec2(a.x + 3, b.y - fs - 2), ink, text.c_str());
      dl->PopClipRect();
      p.y += row_h;
    }
    ImGui::Dummy(ImVec2(32 * bit, p.y - ImGui::GetCursorScreenPos().y));
    if (tips) ImGui::SetTooltip("%s", tips);
  }
};

}  // namespace

std::unique_ptr<View> make_inspector_view() {
  return std::make_unique<InspectorView>();
}

}  // namespace synack::gui
