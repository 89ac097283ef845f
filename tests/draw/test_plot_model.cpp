// Round ticks and their labels for the plots' axes.
#include <catch2/catch.hpp>

#include "app/draw/plot_model.hpp"

using namespace synack;

TEST_CASE("plot_model: ticks are 1-2-5 steps at least min_step apart") {
  CHECK(nice_ticks(0, 62, 9) == std::vector<double>{0, 10, 20, 30, 40, 50, 60});
  CHECK(nice_ticks(0, 62, 11) == std::vector<double>{0, 20, 40, 60});
  CHECK(nice_ticks(0, 15638, 3000) == std::vector<double>{0, 5000, 10000, 15000});
  CHECK(nice_ticks(3, 9, 2) == std::vector<double>{4, 6, 8});
  CHECK(nice_ticks(0, 1, 0).empty());
  CHECK(nice_ticks(5, 5, 1).empty());
}

TEST_CASE("plot_model: tick labels show value / unit with the step's decimals") {
  CHECK(tick_text(15000, 5000, 1000) == "15");
  CHECK(tick_text(2500, 500, 1000) == "2.5");
  CHECK(tick_text(40, 10, 1) == "40");
  CHECK(tick_text(0.25, 0.05, 1) == "0.25");
}

TEST_CASE("plot_model: limits are dashed, amounts are solid") {
  CHECK(ink_dashed(PlotInk::ssthresh));
  CHECK(ink_dashed(PlotInk::window));
  CHECK(ink_dashed(PlotInk::peer_window));
  CHECK_FALSE(ink_dashed(PlotInk::cwnd));
  CHECK_FALSE(ink_dashed(PlotInk::ack));
}
