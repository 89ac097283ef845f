// Placing a plot: at the window's and the export's sizes, in both languages, no two texts
// overlap, every text stays inside the picture, ticks are inside the data area.
#include <catch2/catch.hpp>

#include "app/draw/plot_build.hpp"
#include "app/draw/plot_frame.hpp"
#include "tests/support/catalog_fixture.hpp"
#include "tests/support/ui_words.hpp"

using namespace synack;
using synack::catalog_test::run_id;
using synack::test::ui_words;

namespace {

void check_frame(const Plot& plot, double w, double h, double font_px, bool titled = true) {
  ApproxMeasure m(font_px);
  const Box outer{0, 0, w, h};
  const PlotFrame f = frame_plot(plot, outer, m, font_px, titled);
  INFO(plot.title << " at " << w << "x" << h << ", " << font_px << " px");
  CHECK(f.inner.x1 > f.inner.x0 + 10 * font_px);
  CHECK(f.inner.y1 > f.inner.y0 + font_px);
  const auto boxes = frame_text_boxes(f);
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    CHECK(boxes[i].x0 >= outer.x0);
    CHECK(boxes[i].x1 <= outer.x1);
    CHECK(boxes[i].y0 >= outer.y0);
    CHECK(boxes[i].y1 <= outer.y1 + 0.01);
    for (std::size_t j = i + 1; j < boxes.size(); ++j) {
      INFO("boxes " << i << " and " << j);
      CHECK_FALSE(boxes[i].intersects(boxes[j]));
    }
  }
  CHECK(f.x_ticks.size() >= 2);
  CHECK(f.y_ticks.size() >= (h / font_px > 7 ? 2u : 1u));
  for (const auto& t : f.x_ticks) CHECK(t.pos >= f.inner.x0 - 0.01);
  for (const auto& t : f.y_ticks) CHECK(t.pos >= f.inner.y0 - 0.01);
}

}  // namespace

TEST_CASE("plot_frame: labels never overlap, in both languages and at small sizes") {
  const Trace fr = run_id("fast-retransmit");
  const Trace sk = run_id("sack");
  for (Lang lang : {Lang::en, Lang::zh}) {
    const Plot win =
        window_plot(window_series(fr, *busiest_sender(fr)), "client", ui_words(), lang);
    const Plot seq = tseq_plot(time_sequence(sk, *busiest_sender(sk)), "client", ui_words(), lang);
    for (const Plot* p : {&win, &seq}) {
      check_frame(*p, 960, 420, 13);          // the SVG export
      check_frame(*p, 1200, 230, 17, false);  // the band under the diagram at 1920×1080
      check_frame(*p, 600, 160, 17, false);   // a narrow band at 1024×600
      check_frame(*p, 1000, 136, 21, false);  // presenter at 1024×600
      check_frame(*p, 1250, 500, 30);         // the time–sequence window, presenter text
    }
  }
}

TEST_CASE("plot_frame: data maps into the data area") {
  const Trace fr = run_id("fast-retransmit");
  const Plot p =
      window_plot(window_series(fr, *busiest_sender(fr)), "client", ui_words(), Lang::en);
  ApproxMeasure m(13);
  const PlotFrame f = frame_plot(p, {0, 0, 960, 420}, m, 13);
  CHECK(f.sx(p.x.lo) == Approx(f.inner.x0));
  CHECK(f.sx(p.x.hi) == Approx(f.inner.x1));
  CHECK(f.sy(0) == Approx(f.inner.y1));
  CHECK(f.sy(p.y.hi) == Approx(f.inner.y0));
}

TEST_CASE("plot_frame: a lead keeps its corner free and the first row on its middle") {
  const Trace fr = run_id("fast-retransmit");
  const Plot p =
      window_plot(window_series(fr, *busiest_sender(fr)), "client", ui_words(), Lang::en);
  ApproxMeasure m(13);
  const Box outer{0, 0, 900, 220};
  const PlotFrame plain = frame_plot(p, outer, m, 13, false);
  const PlotFrame f = frame_plot(p, outer, m, 13, false, {.width = 200, .height = 26});
  CHECK(plain.lead.x1 == plain.lead.x0);  // none asked for
  CHECK(f.lead.x0 == Approx(outer.x0 + f.pad));
  CHECK(f.lead.y0 == Approx(outer.y0 + f.pad));
  CHECK(f.lead.x1 - f.lead.x0 == Approx(200));
  CHECK(f.lead.y1 - f.lead.y0 == Approx(26));
  for (const Box& b : frame_text_boxes(f)) CHECK_FALSE(b.intersects(f.lead));
  // The unit leading the row starts after the lead, on the lead's middle; the data area
  // starts below the taller row.
  CHECK(f.y_title.x0 > f.lead.x1);
  CHECK((f.y_title.y0 + f.y_title.y1) / 2 == Approx((f.lead.y0 + f.lead.y1) / 2));
  CHECK(f.inner.y0 > f.lead.y1);
  CHECK(f.inner.y0 >= plain.inner.y0 + (26 - f.line_h) - 0.01);
  // A narrow frame wraps the legend onto a second row, below the lead, not into it.
  const PlotFrame narrow = frame_plot(p, {0, 0, 420, 260}, m, 13, false, {200, 26});
  REQUIRE(narrow.legend.size() >= 2);
  CHECK(narrow.legend.back().text.y0 >= narrow.lead.y1);
  for (const Box& b : frame_text_boxes(narrow)) CHECK_FALSE(b.intersects(narrow.lead));
}
