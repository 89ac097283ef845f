#include "app/content/ui_strings.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <fstream>
#include <sstream>

namespace synack {
namespace {

std::string where(const std::string& source, const toml::node& node) {
  return fmt::format("{}:{}", source, node.source().begin.line);
}

void collect(const toml::table& table, const std::string& prefix, const std::string& source,
             std::map<std::string, LocalizedText, std::less<>>& out) {
  for (const auto& [k, node] : table) {
    const std::string key =
        prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    const auto* t = node.as_table();
    if (!t) {
      throw std::runtime_error(fmt::format("{}: {}: expected {{ en = \"...\", zh = \"...\" }}",
                                           where(source, node), key));
    }
    if (!t->contains("en") && !t->contains("zh")) {
      collect(*t, key, source, out);
      continue;
    }
    LocalizedText text;
    for (const auto& [lang, value] : *t) {
      const auto* s = value.as_string();
      if (!s || (lang.str() != "en" && lang.str() != "zh")) {
        throw std::runtime_error(fmt::format("{}: {}.{}: expected en or zh, a string",
                                             where(source, value), key, lang.str()));
      }
      (lang.str() == "en" ? text.en : text.zh) = s->get();
    }
    out.emplace(key, std::move(text));
  }
}

}  // namespace

UiStrings UiStrings::parse(std::string_view toml_text, const std::string& source_name) {
  UiStrings strings;
  try {
    const toml::table root = toml::parse(toml_text, source_name);
    collect(root, "", source_name, strings.texts_);
  } catch (const toml::parse_error& e) {
    throw std::runtime_error(
        fmt::format("{}:{}: {}", source_name, e.source().begin.line, e.description()));
  }
  return strings;
}

UiStrings UiStrings::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), file.string());
}

const LocalizedText* UiStrings::find(std::string_view key) const {
  auto it = texts_.find(key);
  return it == texts_.end() ? nullptr : &it->second;
}

const std::string& UiStrings::get(std::string_view key, Lang lang) const {
  if (const auto* t = find(key)) return t->in(lang);
  auto it = missing_.find(key);
  if (it == missing_.end()) it = missing_.emplace(std::string(key), std::string(key)).first;
  return it->second;
}

std::filesystem::path ui_strings_path(const std::filesystem::path& content_dir) {
  return content_dir / "ui" / "strings.toml";
}

}  // namespace synack
