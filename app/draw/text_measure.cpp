#include "app/draw/text_measure.hpp"

#include <array>

#include "app/base/utf8.hpp"

namespace synack {

double TextMeasure::width(std::string_view s) const {
  double w = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    i += decode_utf8(s, i, c);
    w += advance(c);
  }
  return w;
}

namespace {

// Advance widths of ASCII 32..126 in hundredths of an em: the widest of DejaVu Sans,
// WenQuanYi Micro Hei and Noto Sans CJK SC for each character (measured with stb_truetype).
constexpr std::array<unsigned char, 95> kAsciiWidths = {
    32,  41, 48, 84, 64, 96, 78, 28, 40, 40, 56, 84, 32, 37, 32, 40,  //  !"#$%&'()*+,-./
    64,  64, 64, 64, 64, 64, 64, 64, 64, 64, 34, 34, 84, 84, 84, 54,  // 0-9 :;<=>?
    100, 69, 69, 70, 78, 64, 58, 78, 76, 34, 54, 66, 56, 88, 75, 79,  // @A-O
    64,  79, 70, 64, 62, 74, 69, 99, 69, 62, 69, 40, 40, 40, 84, 56,  // P-Z [\]^_
    61,  62, 64, 55, 64, 62, 36, 64, 64, 28, 28, 58, 29, 98, 64, 62,  // `a-o
    64,  64, 42, 53, 40, 64, 60, 82, 60, 60, 53, 64, 56, 64, 84};     // p-z {|}~
constexpr double kOtherWidth = 1.01;  // CJK, fullwidth forms, ×, …, → in those fonts

}  // namespace

double ApproxMeasure::advance(char32_t c) const {
  if (c >= 32 && c < 127) return px_ * kAsciiWidths[c - 32] / 100.0;
  if (c < 32) return 0;
  return px_ * kOtherWidth;
}

}  // namespace synack
