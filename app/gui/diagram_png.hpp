#pragma once
// A PNG of a whole diagram, taller than any window: painted band by band into an offscreen
// framebuffer with ImGui's own renderer (so it looks exactly like the window), read back and
// written as one picture. A view asks for it during a frame; the app runs it after the
// frame is rendered, while the GL context is current.

#include <functional>
#include <optional>
#include <string>

struct ImDrawList;

namespace synack::gui {

struct PngRequest {
  std::string path;
  int width = 0, height = 0;
  float background[3] = {0, 0, 0};
  // Draws the picture's rows [band_top, band_top + band_height) into `dl`, whose (0, 0) is
  // the band's top-left corner.
  std::function<void(ImDrawList* dl, float band_top, float band_height)> paint;
};

void request_png(PngRequest request);

// Runs the pending request, if any (false when there was none), and keeps a status line for
// the user ("written: FILE (W x H)" or why not) until take_png_status() takes it.
bool run_png_request();
std::optional<std::string> take_png_status();

}  // namespace synack::gui
