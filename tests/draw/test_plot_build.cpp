// The two plots built from real runs: steps expanded to corners, the ranges, the legend in
// both languages, marks, and the receive window cut off when it would flatten cwnd.
#include <catch2/catch.hpp>

#include "app/content/scenario_catalog.hpp"
#include "app/draw/plot_build.hpp"
#include "tests/support/catalog_fixture.hpp"
#include "tests/support/ui_words.hpp"

using namespace synack;
using synack::catalog_test::run_id;
using synack::test::ui_words;

namespace {

const PlotLine* line_of(const Plot& p, PlotInk ink) {
  for (const auto& l : p.lines) {
    if (l.ink == ink) return &l;
  }
  return nullptr;
}

std::vector<std::string> legend(const Plot& p) {
  std::vector<std::string> out;
  for (const auto& l : p.legend) out.push_back(l.label);
  return out;
}

}  // namespace

TEST_CASE("plot_build: the window plot of fast-retransmit") {
  const Trace t = run_id("fast-retransmit");
  const Plot p = window_plot(window_series(t, *busiest_sender(t)), "client", ui_words(), Lang::en);
  CHECK(p.title == "Congestion and flow control \u00b7 client");
  // 20 .. 60 ms and 3 % room on each side. The peer's 66048 B is over twice cwnd's 14480: the scale
  // stops at 1.5 × cwnd (and 8 % room) and the peer's window runs above it.
  CHECK(p.x.lo == Approx(20 - 1.2));
  CHECK(p.x.hi == Approx(60 + 1.2));
  CHECK(p.x.title == "time (ms)");
  CHECK(p.y.title == "kB");
  CHECK(p.y.unit == 1000);
  CHECK(p.y.hi == Approx(14480 * 1.5 * 1.08));
  CHECK_FALSE(line_of(p, PlotInk::peer_window));
  const PlotLine* cwnd = line_of(p, PlotInk::cwnd);
  REQUIRE(cwnd);
  // Corners of the step: 14480 from 20 to 40 ms, 1448 to 60, 7240 at the end.
  const std::vector<std::pair<double, double>> want = {{20, 14480}, {40, 14480}, {40, 1448},
                                                       {60, 1448},  {60, 7240},  {60, 7240}};
  REQUIRE(cwnd->points.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CHECK(cwnd->points[i].x == Approx(want[i].first));
    CHECK(cwnd->points[i].y == Approx(want[i].second));
  }
  // ssthresh starts only once it is finite.
  const PlotLine* ss = line_of(p, PlotInk::ssthresh);
  REQUIRE(ss);
  CHECK(ss->points.front().x == Approx(40));
  CHECK(ss->points.front().y == Approx(7240));
  CHECK(legend(p) == std::vector<std::string>{"cwnd", "ssthresh", "in flight",
                                              "peer's window (above the plot)", "\u25bc recovery"});
  REQUIRE(p.marks.size() == 1);  // recovery's entry; its exit is not marked
  CHECK(p.marks[0].x == Approx(40));
}

TEST_CASE("plot_build: in Chinese, and with nothing sent") {
  const Trace t = run_id("fast-retransmit");
  const Plot p = window_plot(window_series(t, *busiest_sender(t)), "client", ui_words(), Lang::zh);
  CHECK(p.x.title == "时间（ms）");
  CHECK(p.legend.front().label == "拥塞窗口 cwnd");
  const Plot none = window_plot(WindowSeries{}, "-", ui_words(), Lang::zh);
  CHECK(none.empty());
  CHECK(none.empty_note == "本次运行没有发送数据，无可绘制。");
}

TEST_CASE("plot_build: the time-sequence plot of sack") {
  const Trace t = run_id("sack");
  const Plot p = tseq_plot(time_sequence(t, *busiest_sender(t)), "client", ui_words(), Lang::en);
  // Five bars, one resent, three SACK blocks.
  int data = 0, retx = 0, sack = 0, lost = 0;
  for (const auto& b : p.bars) {
    data += b.ink == PlotInk::data;
    retx += b.ink == PlotInk::retransmit;
    sack += b.ink == PlotInk::sack;
    lost += b.lost;
  }
  CHECK(data == 5);
  CHECK(retx == 1);
  CHECK(sack == 3);
  CHECK(lost == 1);
  // The window's edge (65161 and more) would dwarf 7241 bytes of data: cut at 1.5 × 7241.
  CHECK(p.y.hi == Approx(7241 * 1.5 * 1.08));
  CHECK(p.y.title == "seq (kB)");
  for (const auto& l : p.lines) {
    for (const auto& pt : l.points) CHECK(pt.y <= p.y.hi);
  }
  CHECK_FALSE(line_of(p, PlotInk::window));
  CHECK(legend(p) == std::vector<std::string>{"data sent", "retransmitted", "ACK",
                                              "ACK + window (above the plot)", "SACK blocks"});
}
