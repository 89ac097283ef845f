#pragma once
// How wide a text is, for the diagram layout: the window measures with its ImGui font, the
// SVG export and tests without a font file with ApproxMeasure, layout tests with the window's
// own font file (app/draw/font_measure.hpp). No UI library here.

#include <string_view>

namespace synack {

class TextMeasure {
 public:
  virtual ~TextMeasure() = default;
  virtual double advance(char32_t c) const = 0;  // in px at this measure's font size
  virtual double line_height() const = 0;        // one line of text, in px
  double width(std::string_view utf8) const;     // one line: the sum of the advances
};

// Widths from a table of per-character maxima over DejaVu Sans, WenQuanYi Micro Hei and Noto
// Sans CJK SC, so text measured here fits whichever of them a reader's SVG viewer picks.
class ApproxMeasure final : public TextMeasure {
 public:
  explicit ApproxMeasure(double font_px) : px_(font_px) {}
  double advance(char32_t c) const override;
  double line_height() const override { return px_ * 1.2; }

 private:
  double px_;
};

}  // namespace synack
