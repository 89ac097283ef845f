#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "app/diagram_text.hpp"
#include "app/svg_export.hpp"
#include "trace_fixture.hpp"

using namespace synack;
using synack::test::TraceFixture;

namespace {

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

// A tiny XML well-formedness check: tags nest and close, no bare `<` or `&` in text.
bool well_formed(const std::string& svg, std::string& why) {
  std::vector<std::string> open;
  std::regex tag(R"(<(/?)([a-zA-Z][\w-]*)([^<>]*?)(/?)>|<\?xml[^>]*\?>)");
  std::size_t at = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), tag); it != std::sregex_iterator();
       ++it) {
    std::string text = svg.substr(at, static_cast<std::size_t>(it->position()) - at);
    if (text.find('<') != std::string::npos || text.find('>') != std::string::npos) {
      why = "bare angle bracket in: " + text;
      return false;
    }
    for (std::size_t p = text.find('&'); p != std::string::npos; p = text.find('&', p + 1)) {
      auto rest = text.substr(p);
      if (!(rest.starts_with("&amp;") || rest.starts_with("&lt;") || rest.starts_with("&gt;") ||
            rest.starts_with("&quot;") || rest.starts_with("&apos;"))) {
        why = "bare & in: " + text;
        return false;
      }
    }
    at = static_cast<std::size_t>(it->position() + it->length());
    const auto& m = *it;
    if (m[2].length() == 0) continue;  // the XML declaration
    if (m[4].length() > 0) continue;   // <tag/>
    if (m[1].length() == 0) {
      open.push_back(m[2]);
    } else {
      if (open.empty() || open.back() != m[2]) {
        why = "</" + m[2].str() + "> closes " + (open.empty() ? "nothing" : open.back());
        return false;
      }
      open.pop_back();
    }
  }
  if (!open.empty()) why = "unclosed <" + open.back() + ">";
  return open.empty();
}

// A handshake whose first SYN is lost and retransmitted, laid out by hand so the test only
// exercises the exporter.
struct LostSynFixture : TraceFixture {
  Layout layout;

  LostSynFixture() {
    auto syn = segment(0, 1, kSyn, 0, 0);
    send(0, syn, Why::connect_sends_syn);
    drop(5'000, syn);
    auto syn2 = segment(0, 1, kSyn, 0, 0, 0, syn);
    send(1'000'000, syn2, Why::syn_rto).reason.a = 1;
    recv(1'010'000, syn2, Why::syn_received_listen);
    auto synack = segment(1, 0, kSyn | kAck, 0, 1);
    send(1'010'000, synack, Why::syn_received_listen);
    recv(1'020'000, synack, Why::synack_received);

    layout.lifelines = {{0, "client <A&B>", "10.0.0.1", 120}, {1, "server", "10.0.0.2", 540}};
    Arrow lost;
    lost.segment = syn;
    lost.send_event = 0;
    lost.end_event = 1;
    lost.from = 0;
    lost.to = 1;
    lost.x0 = 120, lost.y0 = 60, lost.x1 = 330, lost.y1 = 78;
    lost.lost = true;
    lost.label = "SYN seq=0 len=0";
    Arrow retx = lost;
    retx.segment = syn2;
    retx.send_event = 2;
    retx.end_event = 3;
    retx.x1 = 540, retx.y0 = 160, retx.y1 = 196;
    retx.lost = false;
    retx.retransmit_of = 0;
    Arrow back;
    back.segment = synack;
    back.send_event = 4;
    back.end_event = 5;
    back.from = 1;
    back.to = 0;
    back.x0 = 540, back.y0 = 196, back.x1 = 120, back.y1 = 232;
    back.label = "SYN,ACK seq=0 ack=1 len=0 \"<weird>\"";
    layout.arrows = {lost, retx, back};
    layout.states = {{0, 0, 60, TcpState::CLOSED, TcpState::SYN_SENT, false}};
    layout.timers = {{0, TimerKind::syn_retransmit, 0, 60, 110, true, 0}};
    layout.gaps = {{110, 48, 10'000, 1'000'000}};
    layout.event_y = {60, 78, 160, 196, 196, 232};
    layout.time_marks = {{0, 60}, {10'000, 110}, {1'000'000, 158}, {1'020'000, 232}};
    layout.width = 660;
    layout.height = 260;
  }
};

}  // namespace

TEST_CASE("svg export: one line per arrow, a cross per lost segment", "[svg]") {
  LostSynFixture f;
  std::string svg = export_svg(
      f.trace, f.layout, {.title = "lost SYN", .visible_events = SIZE_MAX, .show_timers = true});
  std::string why;
  INFO(svg);
  CHECK(well_formed(svg, why));
  INFO(why);
  CHECK(count(svg, "<line class=\"arrow") == 3);
  CHECK(count(svg, "<line class=\"arrow lost\"") == 1);
  CHECK(count(svg, "<path class=\"cross\"") == 1);
  CHECK(count(svg, "<text class=\"label\"") == 3);
  CHECK(count(svg, "<path class=\"retx-link\"") == 1);
  CHECK(svg.find("retx #1") != std::string::npos);
  CHECK(count(svg, "<g class=\"lifeline\"") == 2);
  CHECK(count(svg, "<text class=\"state\"") == 1);
  CHECK(count(svg, "<rect class=\"timer") == 1);
  CHECK(svg.find("SYN RTO") != std::string::npos);
  CHECK(count(svg, "<g class=\"gap\"") == 1);
  CHECK(svg.find("\u2026 1.0 s \u2026") != std::string::npos);  // 990 ms, rounded
}

TEST_CASE("svg export: text is escaped", "[svg]") {
  LostSynFixture f;
  std::string svg = export_svg(
      f.trace, f.layout, {.title = "a < b & c", .visible_events = SIZE_MAX, .show_timers = true});
  CHECK(svg.find("client &lt;A&amp;B&gt;") != std::string::npos);
  CHECK(svg.find("&quot;&lt;weird&gt;&quot;") != std::string::npos);
  CHECK(svg.find("<title>a &lt; b &amp; c</title>") != std::string::npos);
  CHECK(svg.find("<weird>") == std::string::npos);
  CHECK(svg_escape("'\"<>&") == "&apos;&quot;&lt;&gt;&amp;");
}

TEST_CASE("svg export: only events before the cursor are drawn", "[svg]") {
  LostSynFixture f;
  SvgOptions options;
  options.visible_events = 3;
  std::string svg = export_svg(f.trace, f.layout, options);
  CHECK(count(svg, "<line class=\"arrow") == 2);
  CHECK(svg.find("SYN,ACK") == std::string::npos);
}

TEST_CASE("svg export: the time axis is in true virtual time across gaps", "[svg]") {
  LostSynFixture f;
  auto ticks = axis_ticks(f.layout, 20);
  REQUIRE(!ticks.empty());
  CHECK(ticks.front() == std::pair<Micros, double>{0, 60});
  for (std::size_t i = 1; i < ticks.size(); ++i) {
    CHECK(ticks[i].first > ticks[i - 1].first);
    CHECK(ticks[i].second - ticks[i - 1].second >= 20);
  }
  // The tick after the gap says 1 s, not 10 ms plus its compressed height.
  bool one_second = false;
  for (auto [t, y] : ticks) one_second = one_second || (t == 1'000'000 && y == 158);
  CHECK(one_second);
  CHECK(axis_label(10'000) == "10 ms");
  CHECK(axis_label(1'500'000) == "1.5 s");
  CHECK(gap_label(32'000'000) == "\u2026 32.0 s \u2026");
}
