// Where the window opens: --size exactly, a saved place only if a monitor still has room for
// it, else 90 % of the primary monitor's work area.
#include <catch2/catch.hpp>

#include "app/front/window_placement.hpp"

using namespace synack;

namespace {
const ScreenRect kLaptop{0, 27, 1920, 1053};  // 1920x1080 with a 27 px top panel
const ScreenRect kProjector{1920, 0, 1280, 720};
}  // namespace

TEST_CASE("window placement: --size is kept exactly", "[window_placement]") {
  SavedWindow saved{{10, 40, 1000, 700}, true};
  const WindowPlacement p = place_window({kProjector}, saved, std::pair{1600, 900});
  CHECK(p.w == 1600);  // larger than the work area: still exact (headless screenshots)
  CHECK(p.h == 900);
  CHECK_FALSE(p.x);
  CHECK_FALSE(p.maximized);
}

TEST_CASE("window placement: first run fits the monitor's work area", "[window_placement]") {
  WindowPlacement p = place_window({kProjector}, {}, std::nullopt);
  CHECK(p.w == 1152);  // 90 % of 1280x720: no longer 1600x900 off the projector's edges
  CHECK(p.h == 648);
  CHECK(p.x == 1920 + 64);  // centred on it
  CHECK(p.y == 36);
  CHECK_FALSE(p.maximized);
  p = place_window({kLaptop, kProjector}, {}, std::nullopt);  // the primary monitor decides
  CHECK(p.w == 1728);
  CHECK(p.h == 947);
  CHECK(p.y == 27 + 53);
  // No monitor known: the old fixed size.
  p = place_window({}, {}, std::nullopt);
  CHECK(p.w == kFallbackWidth);
  CHECK(p.h == kFallbackHeight);
}

TEST_CASE("window placement: the saved place is restored while it fits", "[window_placement]") {
  SavedWindow saved{{100, 200, 1200, 700}, false};
  WindowPlacement p = place_window({kLaptop}, saved, std::nullopt);
  CHECK(p.w == 1200);
  CHECK(p.h == 700);
  CHECK(p.x == 100);
  CHECK(p.y == 200);
  saved.maximized = true;
  CHECK(place_window({kLaptop}, saved, std::nullopt).maximized);

  // Saved on the projector, which is still there as a second monitor.
  saved = {{2000, 10, 1000, 600}, false};
  p = place_window({kLaptop, kProjector}, saved, std::nullopt);
  CHECK(p.x == 2000);
  CHECK(p.w == 1000);
  // The projector is gone: the same size, centred on the primary monitor.
  p = place_window({kLaptop}, saved, std::nullopt);
  CHECK(p.w == 1000);
  CHECK(p.h == 600);
  CHECK(p.x == 460);
  CHECK(p.y == 27 + 226);
  // Saved on a big monitor, now on the projector alone: too large, so 90 % of it instead.
  saved = {{0, 0, 1800, 1000}, true};
  p = place_window({kProjector}, saved, std::nullopt);
  CHECK(p.w == 1152);
  CHECK(p.h == 648);
  CHECK(p.maximized);  // maximised stays maximised, on whatever monitor there is
}
