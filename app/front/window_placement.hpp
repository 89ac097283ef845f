#pragma once
// What size and where the window opens, with no UI library: an exact --size; else the
// size, position and maximised state saved last time, if they still fit a monitor's work
// area; else 90 % of the primary monitor's work area, centred on it.

#include <optional>
#include <vector>

namespace synack {

struct ScreenRect {
  int x = 0, y = 0, w = 0, h = 0;
  bool contains(const ScreenRect& r) const {
    return r.x >= x && r.y >= y && r.x + r.w <= x + w && r.y + r.h <= y + h;
  }
};

struct SavedWindow {  // from settings.toml; w or h 0: nothing saved
  ScreenRect rect;
  bool maximized = false;
};

struct WindowPlacement {
  int w = 0, h = 0;
  std::optional<int> x, y;  // none: where the window manager likes
  bool maximized = false;
};

inline constexpr int kFallbackWidth = 1600, kFallbackHeight = 900;  // no monitor known
inline constexpr double kDefaultShare = 0.90;  // of the work area, on each axis

// `work_areas`: every monitor's work area, the primary one first (empty if unknown).
// `size`: --size WxH, kept exactly (headless screenshots depend on it).
WindowPlacement place_window(const std::vector<ScreenRect>& work_areas, const SavedWindow& saved,
                             std::optional<std::pair<int, int>> size);

}  // namespace synack
