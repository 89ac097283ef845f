#pragma once
// tr("key"): the current language's text for a key of content/ui/strings.toml. A global,
// because every view calls it many times a frame and the language is one for the window.

#include "app/content/ui_strings.hpp"

namespace synack::gui {

void set_ui_strings(const UiStrings* strings);  // must outlive every tr() call
void set_ui_lang(Lang lang);
const UiStrings& ui_strings();  // empty strings (keys shown) before set_ui_strings
Lang ui_lang();

// Stable for the life of the strings; the key itself when unknown (and tests catch that).
const char* tr(const char* key);
const char* tr(const char* key, Lang lang);  // in another language (the presenter's caption)

}  // namespace synack::gui
