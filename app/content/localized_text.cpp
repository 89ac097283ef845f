#include "app/content/localized_text.hpp"

#include "app/content/toml_reader.hpp"

namespace synack {

LocalizedText load_text(const TomlTable& root, std::string_view key) {
  return load_text(TomlTable(root.req_table(key), root.field(key), root.file()));
}

LocalizedText load_text(const TomlTable& t) {
  t.allow_only({"en", "zh"});
  LocalizedText text{t.req_string("en"), t.req_string("zh")};
  if (text.en.empty()) t.fail("en", "must not be empty");
  if (text.zh.empty()) t.fail("zh", "must not be empty");
  return text;
}

}  // namespace synack
