// The SVG export: its structure, plain elements only, escaping, the cursor, and for every
// catalog scenario the picture itself checked as a reader would see it (read back from the
// SVG's own coordinates) and rendered by rsvg with every label's text actually drawn.
#include <catch2/catch.hpp>

#include <stb_image.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "app/base/xml_escape.hpp"
#include "app/capture/capture_import.hpp"
#include "app/content/scenario_catalog.hpp"
#include "app/draw/diagram_labels.hpp"
#include "app/draw/diagram_layout.hpp"
#include "app/draw/svg_diagram.hpp"
#include "engine/simulator.hpp"
#include "tests/support/layout_check.hpp"
#include "tests/support/scratch.hpp"
#include "tests/support/trace_fixture.hpp"

using namespace synack;
using synack::test::TraceFixture;

namespace {

const std::filesystem::path kContent = SYNACK_SOURCE_DIR "/content";

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

double attr(const std::string& element, const std::string& name) {
  std::smatch m;
  const std::regex re(" " + name + "=\"([-0-9.]+)\"");
  if (!std::regex_search(element, m, re)) return 0;
  return std::stod(m[1]);
}

std::string unescape(std::string s) {
  for (auto [from, to] :
       {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}}) {
    for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + 1)) {
      s.replace(p, std::string(from).size(), to);
    }
  }
  return s;
}

// The picture as the SVG says it is, in the diagram group's coordinates: every text's box
// (and whether its lines fit it, measured as a reader's font may draw them), every arrow,
// timer bar and lifeline piece.
struct SvgPicture {
  double width = 0;
  std::vector<synack::test::Rect> texts;
  std::vector<synack::test::Segment> lines;
  std::vector<synack::test::Rect> solids;
  std::vector<std::string> overflowing;
};

SvgPicture read_picture(const std::string& svg, double font_px) {
  SvgPicture p;
  const std::size_t root = svg.find("<svg");
  p.width = attr(svg.substr(root, svg.find('>', root) - root), "width");
  const std::string body = svg.substr(svg.find("<g class=\"diagram\""));
  const std::regex text_group(R"re(<g class="text ([a-z-]+)">(<rect[^>]*/>)(.*?)</g>)re");
  const std::regex line_text(R"re(<text[^>]*>([^<]*)</text>)re");
  ApproxMeasure measure(font_px);
  for (auto it = std::sregex_iterator(body.begin(), body.end(), text_group);
       it != std::sregex_iterator(); ++it) {
    const std::string rect = (*it)[2];
    const double x = attr(rect, "x"), y = attr(rect, "y");
    const double w = attr(rect, "width"), h = attr(rect, "height");
    const std::string inner = (*it)[3];
    std::string first;
    for (auto t = std::sregex_iterator(inner.begin(), inner.end(), line_text);
         t != std::sregex_iterator(); ++t) {
      const std::string s = unescape((*t)[1]);
      if (first.empty()) first = s;
      if (measure.width(s) > w + 0.5) p.overflowing.push_back(s);
    }
    p.texts.push_back({x, y, x + w, y + h, std::string((*it)[1]) + " '" + first + "'"});
  }
  const std::regex arrow(R"re(<line class="arrow[^"]*"[^>]*/>)re");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), arrow);
       it != std::sregex_iterator(); ++it) {
    const std::string e = it->str();
    p.lines.push_back({attr(e, "x1"), attr(e, "y1"), attr(e, "x2"), attr(e, "y2"), "arrow"});
  }
  const std::regex lifeline_group(R"re(<g class="lifeline">(.*?)</g>)re");
  const std::regex piece(R"re(<line [^>]*/>)re");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), lifeline_group);
       it != std::sregex_iterator(); ++it) {
    const std::string inner = (*it)[1];
    for (auto l = std::sregex_iterator(inner.begin(), inner.end(), piece);
         l != std::sregex_iterator(); ++l) {
      const std::string e = l->str();
      p.lines.push_back({attr(e, "x1"), attr(e, "y1"), attr(e, "x2"), attr(e, "y2"), "lifeline"});
    }
  }
  const std::regex timer(R"re(<rect class="timer[^"]*"[^>]*/>)re");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), timer);
       it != std::sregex_iterator(); ++it) {
    const std::string e = it->str();
    const double x = attr(e, "x"), y = attr(e, "y");
    p.solids.push_back({x, y, x + attr(e, "width"), y + attr(e, "height"), "timer bar"});
  }
  return p;
}

Trace run(const std::string& id) {
  return run_scenario(load_scenario_arg(kContent, id).spec, {});
}

std::string svg_of(const Trace& t, Lang lang, SvgOptions o = {}) {
  return export_svg(t, layout_trace(t, svg_layout_options(t, lang)), o);
}

// A handshake whose first SYN is lost and retransmitted.
struct LostSynFixture : TraceFixture {
  LostSynFixture() {
    trace().hosts[0].name = "client <A&B>";
    auto syn = segment(0, 1, kSyn, 0, 0);
    state(0, 0, TcpState::CLOSED, TcpState::SYN_SENT);
    send(0, syn, Why::connect_sends_syn);
    Event& armed = push(0, EventType::timer, 0, Why::timer_armed);
    armed.timer = TimerKind::syn_retransmit;
    armed.action = TimerAction::armed;
    drop(5'000, syn);
    Event& fired = push(1'000'000, EventType::timer, 0, Why::syn_rto);
    fired.timer = TimerKind::syn_retransmit;
    fired.action = TimerAction::fired;
    auto syn2 = segment(0, 1, kSyn, 0, 0, 0, syn);
    send(1'000'000, syn2, Why::syn_rto).reason.a = 1;
    recv(1'010'000, syn2, Why::syn_received_listen);
    auto synack = segment(1, 0, kSyn | kAck, 0, 1);
    send(1'010'000, synack, Why::syn_received_listen);
    recv(1'020'000, synack, Why::synack_received);
  }
};

}  // namespace

TEST_CASE("svg export: one line per arrow, a cross per lost segment, a box per text", "[svg]") {
  LostSynFixture f;
  const Layout l = layout_trace(f.trace(), svg_layout_options(f.trace(), Lang::en));
  const std::string svg = export_svg(f.trace(), l, {.title = "lost SYN"});
  std::string why;
  INFO(svg);
  CHECK(well_formed(svg, why));
  INFO(why);
  CHECK(count(svg, "<line class=\"arrow") == 3);
  CHECK(count(svg, "<line class=\"arrow lost\"") == 1);
  CHECK(count(svg, "<path class=\"cross\"") == 1);
  CHECK(count(svg, "<polygon class=\"head\"") == 2);  // the two that arrived
  CHECK(count(svg, "<g class=\"text label\">") == 3);
  CHECK(svg.find("retx #1") != std::string::npos);
  CHECK(count(svg, "<g class=\"lifeline\"") == 2);
  CHECK(count(svg, "<g class=\"text state\">") == 1);
  CHECK(count(svg, "<rect class=\"timer") == 1);
  CHECK(svg.find("SYN RTO") != std::string::npos);
  CHECK(count(svg, "<g class=\"gap\"") == 1);
  CHECK(svg.find("\u2026 1.0 s \u2026") != std::string::npos);  // 990 ms, rounded
  CHECK(count(svg, "<g class=\"text ") == l.texts.size() + l.header.size());
}

TEST_CASE("svg export: plain elements only, so every renderer draws it alike", "[svg]") {
  const std::string svg = svg_of(run("fast-retransmit"), Lang::en);
  // No markers (ImageMagick drops them), no paint-order halos, no CSS, no references.
  for (const char* feature : {"marker", "paint-order", "<style", "url(", "class=\"retx-link"}) {
    INFO(feature);
    CHECK(svg.find(feature) == std::string::npos);
  }
  std::string why;
  CHECK(well_formed(svg, why));
}

TEST_CASE("svg export: text is escaped", "[svg]") {
  LostSynFixture f;
  std::string svg = svg_of(f.trace(), Lang::en, {.title = "a < b & c"});
  CHECK(svg.find("client &lt;A&amp;B&gt;") != std::string::npos);
  CHECK(svg.find("<title>a &lt; b &amp; c</title>") != std::string::npos);
  CHECK(svg.find("<A&B>") == std::string::npos);
  CHECK(xml_escape("'\"<>&") == "&apos;&quot;&lt;&gt;&amp;");
}

TEST_CASE("svg export: only events before the cursor are drawn", "[svg]") {
  LostSynFixture f;
  SvgOptions options;
  options.visible_events = 6;  // through the retransmitted SYN's send
  std::string svg = svg_of(f.trace(), Lang::en, options);
  CHECK(count(svg, "<line class=\"arrow") == 2);
  CHECK(svg.find("SYN,ACK") == std::string::npos);
}

TEST_CASE("svg export: the time axis is in true virtual time across gaps", "[svg]") {
  LostSynFixture f;
  const Layout l = layout_trace(f.trace(), svg_layout_options(f.trace(), Lang::en));
  auto ticks = axis_ticks(l, 20);
  REQUIRE(!ticks.empty());
  CHECK(ticks.front().first == 0);
  for (std::size_t i = 1; i < ticks.size(); ++i) {
    CHECK(ticks[i].first > ticks[i - 1].first);
    CHECK(ticks[i].second - ticks[i - 1].second >= 20);
  }
  // The tick after the gap says 1 s, not 10 ms plus the band's height.
  bool one_second = false;
  for (auto [t, y] : ticks) one_second = one_second || (t == 1'000'000 && y == l.y_of(t));
  CHECK(one_second);
  CHECK(axis_label(10'000) == "10 ms");
  CHECK(axis_label(1'500'000) == "1.5 s");
  CHECK(gap_label(32'000'000) == "\u2026 32.0 s \u2026");
}

TEST_CASE("svg export: every scenario's picture is clear, read back from the SVG itself", "[svg]") {
  for (const auto& e : load_catalog(kContent).entries) {
    const Trace t = run(e.id);
    for (Lang lang : {Lang::en, Lang::zh}) {
      const LayoutOptions o = svg_layout_options(t, lang);
      const std::string svg = export_svg(t, layout_trace(t, o), {.title = e.id});
      const SvgPicture p = read_picture(svg, o.font_px);
      INFO(e.id << (lang == Lang::zh ? " zh" : " en"));
      CHECK(p.texts.size() > 5);
      const auto problems = synack::test::picture_problems(p.texts, p.lines, p.solids, p.width);
      for (std::size_t i = 0; i < std::min<std::size_t>(problems.size(), 5); ++i) {
        UNSCOPED_INFO(problems[i]);
      }
      CHECK(problems.empty());
      for (const auto& s : p.overflowing) UNSCOPED_INFO("wider than its box: " << s);
      CHECK(p.overflowing.empty());
    }
  }
}

TEST_CASE("svg export: rsvg draws every label (no halo or marker tricks needed)", "[svg]") {
  // Debian's librsvg2-bin, installed by scripts/install-deps.sh.
  REQUIRE(std::system("command -v rsvg-convert >/dev/null") == 0);
  const Trace t = run("sack");
  const Layout l = layout_trace(t, svg_layout_options(t, Lang::en));
  const std::string svg = export_svg(t, l, {.title = "sack"});
  const auto dir = synack::test::scratch_dir("svg", "render");
  const auto in = dir / "sack.svg", out = dir / "sack.png";
  std::ofstream(in) << svg;
  REQUIRE(std::system(("rsvg-convert -o '" + out.string() + "' '" + in.string() + "'").c_str()) ==
          0);
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(out.string().c_str(), &w, &h, &n, 3);
  REQUIRE(px);
  CHECK(w == static_cast<int>(l.width));
  // Where the header ends, the diagram begins (the title and header bands above it).
  const double top = 2 * l.font_px + l.header_height;
  std::size_t labels = 0, inked = 0;
  for (const TextBox& tb : l.texts) {
    if (tb.kind != TextKind::arrow) continue;
    ++labels;
    std::size_t dark = 0;
    for (int y = static_cast<int>(tb.box.y0 + top); y < static_cast<int>(tb.box.y1 + top); ++y) {
      for (int x = static_cast<int>(tb.box.x0); x < static_cast<int>(tb.box.x1); ++x) {
        if (x < 0 || y < 0 || x >= w || y >= h) continue;
        const unsigned char* p = px + (static_cast<std::size_t>(y) * w + x) * 3;
        dark += p[0] < 100 && p[1] < 100 && p[2] < 100;
      }
    }
    inked += dark > 20;  // glyphs, not a stray line
  }
  stbi_image_free(px);
  CHECK(labels > 10);
  CHECK(inked == labels);
}

TEST_CASE("svg: a captured segment the engine would not have sent is red, its label says so",
          "[svg]") {
  // A SYN flood from a stack without SACK: its SYNs and SYN-ACKs disagree with the engine.
  const CaptureImport c =
      import_capture(std::string(SYNACK_TEST_DATA) + "/pcap/09-syn-flood-lite.pcap");
  const Trace trace = capture_stream_trace(c, 0);
  const Layout layout = layout_trace(trace, svg_layout_options(trace, Lang::zh));
  std::size_t disagreeing = 0;
  for (const Arrow& a : layout.arrows) disagreeing += a.disagreement;
  REQUIRE(disagreeing == c.conversations[0].disagreements);
  const std::string svg = export_svg(trace, layout);
  CHECK(count(svg, "class=\"arrow disagreement\"") +
            count(svg, "class=\"arrow lost disagreement\"") ==
        disagreeing);
  CHECK(count(svg, "\u2260") == disagreeing);  // the label's mark, however it wraps
  CHECK(std::string(disagreement_label(Lang::zh)).starts_with("\u2260"));
}
