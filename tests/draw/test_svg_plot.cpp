// The plots as SVG: plain elements, one polyline per line, one bar per segment and SACK
// block, a cross per lost segment, the cursor line when asked, text escaped.
#include <catch2/catch.hpp>

#include "app/draw/plot_build.hpp"
#include "app/draw/svg_plot.hpp"
#include "tests/support/catalog_fixture.hpp"
#include "tests/support/ui_words.hpp"

using namespace synack;
using synack::catalog_test::run_id;
using synack::test::ui_words;

namespace {

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("svg_plot: the time-sequence graph of sack") {
  const Trace t = run_id("sack");
  const Plot p = tseq_plot(time_sequence(t, *busiest_sender(t)), "client", ui_words(), Lang::en);
  const std::string svg = export_plot_svg(p);
  CHECK_THAT(svg, Catch::StartsWith("<?xml"));
  CHECK_THAT(svg, Catch::EndsWith("</svg>\n"));
  CHECK(count(svg, "<line class=\"bar data") == 5);
  CHECK(count(svg, "<line class=\"bar data lost\"") == 1);
  CHECK(count(svg, "<path class=\"cross\"") == 1);
  CHECK(count(svg, "<line class=\"bar retransmit\"") == 1);
  CHECK(count(svg, "<line class=\"bar sack\"") == 3);
  CHECK(count(svg, "<polyline class=\"line ack\"") == 1);
  CHECK(count(svg, "<polyline class=\"line window\"") == 0);  // far above the data
  CHECK(count(svg, "stroke-dasharray") == 1);                 // its legend's sample
  CHECK(count(svg, "class=\"cursor\"") == 0);
  CHECK(count(svg, ">ACK + window (above the plot)</text>") == 1);
  for (const char* banned : {"<marker", "paint-order", "<style", "clip-path"}) {
    CHECK(svg.find(banned) == std::string::npos);
  }
}

TEST_CASE("svg_plot: the window plot with a cursor, in Chinese") {
  const Trace t = run_id("fast-retransmit");
  const Plot p = window_plot(window_series(t, *busiest_sender(t)), "client", ui_words(), Lang::zh);
  PlotSvgOptions o;
  o.cursor_ms = 45;
  const std::string svg = export_plot_svg(p, o);
  CHECK(count(svg, "class=\"cursor\"") == 1);
  CHECK(count(svg, "<polyline class=\"line cwnd\"") == 1);
  CHECK(count(svg, "<polygon class=\"mark recovery\"") == 1);
  CHECK(svg.find("<title>拥塞控制与流量控制 \u00b7 client</title>") != std::string::npos);
  CHECK(svg.find(">千字节</text>") != std::string::npos);
  o.cursor_ms = 5000;  // past the plot: no line
  CHECK(count(export_plot_svg(p, o), "class=\"cursor\"") == 0);
}

TEST_CASE("svg_plot: an empty plot says why") {
  Plot p;
  p.title = "a < b";
  p.empty_note = "nothing & more";
  const std::string svg = export_plot_svg(p);
  CHECK(svg.find("<title>a &lt; b</title>") != std::string::npos);
  CHECK(svg.find("nothing &amp; more") != std::string::npos);
  CHECK(count(svg, "<polyline") == 0);
}
