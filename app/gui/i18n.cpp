#include "app/gui/i18n.hpp"

namespace synack::gui {
namespace {
const UiStrings* g_strings = nullptr;
Lang g_lang = Lang::en;
}  // namespace

void set_ui_strings(const UiStrings* strings) {
  g_strings = strings;
}
void set_ui_lang(Lang lang) {
  g_lang = lang;
}
const UiStrings& ui_strings() {
  static const UiStrings none;
  return g_strings ? *g_strings : none;
}
Lang ui_lang() {
  return g_lang;
}

const char* tr(const char* key) {
  return tr(key, g_lang);
}

const char* tr(const char* key, Lang lang) {
  if (!g_strings) return key;
  return g_strings->get(key, lang).c_str();
}

}  // namespace synack::gui
