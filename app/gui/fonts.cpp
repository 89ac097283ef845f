#include "app/gui/fonts.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <fstream>

namespace synack::gui {

namespace {

Fonts* g_fonts = nullptr;

// Pasted text goes straight into a text box, never through the input queue: ImGui reads it
// through this hook, which shows it to the atlas on its way.
const char* (*g_get_clipboard)(void*) = nullptr;
const char* get_clipboard_seen(void* user_data) {
  const char* text = g_get_clipboard ? g_get_clipboard(user_data) : nullptr;
  if (text) need_text(text);
  return text;
}

}  // namespace

void need_text(std::string_view utf8) {
  if (g_fonts) g_fonts->see(utf8);
}

void Fonts::see_typed() {
  for (ImWchar c : ImGui::GetIO().InputQueueCharacters) {
    if (c < 0xD800 || c > 0xDFFF) watch_.see(static_cast<char32_t>(c));  // no lone surrogates
  }
}

void Fonts::set_ranges() {
  static_assert(sizeof(ImWchar) == sizeof(unsigned short), "ImWchar is 16-bit in Debian's 1.86");
  ranges_.clear();
  for (const auto& [first, last] : watch_.held().ranges()) {
    if (first > 0xFFFF) break;  // beyond the BMP: a 16-bit ImWchar cannot name it
    ranges_.push_back(static_cast<unsigned short>(first));
    ranges_.push_back(static_cast<unsigned short>(last > 0xFFFF ? 0xFFFF : last));
  }
  ranges_.push_back(0);
}

Fonts::Fonts(const GlyphSet& glyphs, FontFile file, std::ostream& warn)
    : watch_(glyphs), file_(std::move(file)) {
  g_fonts = this;
  if (ImGui::GetCurrentContext()) {
    ImGuiIO& io = ImGui::GetIO();
    g_get_clipboard = io.GetClipboardTextFn;
    io.GetClipboardTextFn = get_clipboard_seen;
  }
  set_ranges();
  if (file_.path.empty()) {
    warn << "synack: no CJK font found (install fonts-wqy-microhei or fonts-noto-cjk); "
            "Chinese text will show as '?'\n";
    return;
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(file_.path, ec);
  std::ifstream in(file_.path, std::ios::binary);
  if (!ec && in) {
    data_.resize(size);
    if (!in.read(reinterpret_cast<char*>(data_.data()), static_cast<std::streamsize>(size))) {
      data_.clear();
    }
  }
  if (data_.empty()) {
    warn << "synack: cannot read font " << file_.path.string()
         << "; using ImGui's default font (no Chinese)\n";
  }
}

Fonts::~Fonts() {
  if (g_fonts != this) return;
  g_fonts = nullptr;
  if (ImGui::GetCurrentContext() && ImGui::GetIO().GetClipboardTextFn == get_clipboard_seen) {
    ImGui::GetIO().GetClipboardTextFn = g_get_clipboard;
  }
}

void Fonts::build(float pixel_size) {
  if (built_once_ && pixel_size == size_ && !watch_.has_missing()) return;
  if (watch_.has_missing()) {
    watch_.take_missing();
    set_ranges();
  }
  ImGuiIO& io = ImGui::GetIO();
  if (built_once_) ImGui_ImplOpenGL3_DestroyFontsTexture();
  io.Fonts->Clear();
  if (data_.empty()) {
    ImFontConfig cfg;
    cfg.SizePixels = pixel_size;
    io.Fonts->AddFontDefault(&cfg);
  } else {
    ImFontConfig cfg;
    cfg.FontNo = file_.face;
    cfg.FontDataOwnedByAtlas = false;  // we keep the bytes for the next rebuild
    cfg.OversampleH = 1;  // CJK glyphs are dense; 1x keeps the atlas small and is sharp enough
    cfg.PixelSnapH = true;
    io.Fonts->AddFontFromMemoryTTF(data_.data(), static_cast<int>(data_.size()), pixel_size, &cfg,
                                   ranges_.data());
  }
  io.Fonts->Build();
  if (built_once_) ImGui_ImplOpenGL3_CreateFontsTexture();
  size_ = pixel_size;
  built_once_ = true;
}

}  // namespace synack::gui
