#pragma once
// Where the window's panels go, with no UI library: the scenario list, the diagram with its
// toolbar, the playback bar, the narration and the tabbed panels, at any window size and
// text size. The diagram keeps room for two lifelines and their labels; before it would
// lose that, the list collapses (shown on demand as an overlay), then the right column
// moves under the diagram. Rectangles are relative to the work area's top-left corner.

namespace synack {

inline constexpr float kBaseFontPx = 17;              // text size at font scale 1
inline constexpr float kPresenterFontFactor = 1.75f;  // presenter text before any +/-

struct PanelRect {
  float x = 0, y = 0, w = 0, h = 0;
  bool shown() const { return w > 0 && h > 0; }
  float right() const { return x + w; }
  float bottom() const { return y + h; }
};

struct PanelInput {
  float width = 0, height = 0;  // the work area below the menu bar (whole window in presenter mode)
  float font_px = 17;           // current font size in px
  float frame_h = 23;           // ImGui frame height (font + 2 * FramePadding.y)
  bool presenter = false;       // F5: no side panels; caption band + step bar at the bottom
  bool diagram_only = false;    // --export-png: the diagram canvas is the whole window
  float left_w = 0, right_w = 0;  // widths the user dragged the splitters to; 0 = default
  bool left_open = true;          // the scenario list (a toggle when the window is narrow)
  bool left_first = false;        // the list's edge is being dragged: the right column gives way
  float caption_lines = 3.2f;     // presenter caption band height in lines of font_px
  float side_share = 0.42f;       // the narration's share of the right column's height
  float window_pad = 8;           // ImGui WindowPadding (both axes)
  float item_spacing_y = 4;       // ImGui ItemSpacing.y: between the toolbar and the canvas
};

struct PanelLayout {
  PanelRect left, centre, toolbar, canvas, bottom, side, tabs, caption;
  bool stacked = false;  // narration + tabs moved under the diagram (narrow windows)
  PanelRect whole;       // the quiz and its statistics take the work area
  // The list does not fit beside the diagram at this size: it is hidden unless left_open,
  // and then drawn over the diagram (left_overlay) instead of beside it.
  bool left_collapsed = false;
  bool left_overlay = false;
};

PanelLayout layout_panels(const PanelInput& in);

// The input for a window of this size at this text size, with the metrics ImGui's default
// style has once scaled by font_px / kBaseFontPx (what the theme does), and the main menu
// bar (one frame high) taken off unless in presenter mode. For tests and for checking the
// window against the model; the window itself reads its metrics from ImGui.
PanelInput panel_input_for_window(float window_w, float window_h, float font_px, bool presenter);

// The font size in px the window uses at this font scale (+/-), as the atlas is built.
float font_px_for(float font_scale, bool presenter);

// The window plot's band at the bottom of the diagram's canvas (W): 40 % of it, at least 9
// lines of the plot's font_px (legend, units and ticks take three), at most 60 %; and while
// the canvas is short, no more than leaves the diagram keep_px (but always 40 %).
float plot_band_height(float canvas_h, float font_px, float keep_px);

// Limits the layout keeps to, in lines of font_px: the diagram canvas's minimum size.
inline constexpr float kCanvasMinWidthEm = 34;  // two lifelines with their labels
inline constexpr float kCanvasMinHeightEm = 12;
// The presenter caption band's largest share of the height: a longer paragraph's text
// shrinks instead (app/gui/view_caption.cpp).
inline constexpr float kCaptionMaxShare = 0.40f;

}  // namespace synack
