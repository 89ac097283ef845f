#include "app/front/window_placement.hpp"

#include <cmath>

namespace synack {
namespace {

ScreenRect centred(const ScreenRect& area, int w, int h) {
  return {area.x + (area.w - w) / 2, area.y + (area.h - h) / 2, w, h};
}

WindowPlacement at(const ScreenRect& r, bool maximized) {
  return {r.w, r.h, r.x, r.y, maximized};
}

}  // namespace

WindowPlacement place_window(const std::vector<ScreenRect>& work_areas, const SavedWindow& saved,
                             std::optional<std::pair<int, int>> size) {
  if (size) return {size->first, size->second, std::nullopt, std::nullopt, false};
  const bool have_saved = saved.rect.w > 0 && saved.rect.h > 0;
  if (work_areas.empty()) {
    if (have_saved)
      return {saved.rect.w, saved.rect.h, std::nullopt, std::nullopt, saved.maximized};
    return {kFallbackWidth, kFallbackHeight, std::nullopt, std::nullopt, false};
  }
  if (have_saved) {
    // Where it was, on whichever monitor still has room for it...
    for (const ScreenRect& area : work_areas) {
      if (area.contains(saved.rect)) return at(saved.rect, saved.maximized);
    }
    // ...else its size, if the primary monitor has room for that.
    const ScreenRect& primary = work_areas.front();
    if (saved.rect.w <= primary.w && saved.rect.h <= primary.h) {
      return at(centred(primary, saved.rect.w, saved.rect.h), saved.maximized);
    }
  }
  const ScreenRect& primary = work_areas.front();
  const int w = static_cast<int>(std::floor(primary.w * kDefaultShare));
  const int h = static_cast<int>(std::floor(primary.h * kDefaultShare));
  return at(centred(primary, w, h), have_saved && saved.maximized);
}

}  // namespace synack
