#include "app/content/toml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace synack {

int node_line(const toml::node& node) {
  return static_cast<int>(node.source().begin.line);
}

std::string_view toml_type_name(toml::node_type type) {
  switch (type) {
    case toml::node_type::table:
      return "table";
    case toml::node_type::array:
      return "array";
    case toml::node_type::string:
      return "string";
    case toml::node_type::integer:
      return "integer";
    case toml::node_type::floating_point:
      return "float";
    case toml::node_type::boolean:
      return "boolean";
    case toml::node_type::date:
      return "date";
    case toml::node_type::time:
      return "time";
    case toml::node_type::date_time:
      return "date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

void TomlTable::allow_only(std::initializer_list<std::string_view> allowed,
                           std::string_view context) const {
  // Report the first unknown key in file order, so the message matches what the author sees.
  const toml::key* worst = nullptr;
  for (auto&& [key, value] : table_) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
    if (worst == nullptr || key.source().begin.line < worst->source().begin.line) worst = &key;
  }
  if (worst == nullptr) return;
  std::string valid;
  for (std::string_view a : allowed) valid += (valid.empty() ? "" : ", ") + std::string(a);
  fail_at(static_cast<int>(worst->source().begin.line), field(worst->str()),
          "unknown key \"" + std::string(worst->str()) + "\"" +
              (context.empty() ? "" : " " + std::string(context)) + "; valid: " + valid);
}

std::string TomlTable::field(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

int TomlTable::line_of(std::string_view key) const {
  const toml::node* node = find(key);
  return node != nullptr ? node_line(*node) : line();
}

void TomlTable::fail(std::string_view key, const std::string& message) const {
  fail_at(line_of(key), field(key), message);
}

void TomlTable::fail_at(int line, const std::string& field_path, const std::string& message) const {
  throw ScenarioError(file_, std::max(line, 1), field_path, message);
}

const toml::node& TomlTable::require(std::string_view key) const {
  const toml::node* node = find(key);
  if (node == nullptr) fail(key, "required key is missing");
  return *node;
}

void TomlTable::wrong_type(std::string_view key, const toml::node& node,
                           std::string_view expected) const {
  fail(key,
       "expected " + std::string(expected) + ", got " + std::string(toml_type_name(node.type())));
}

std::string TomlTable::req_string(std::string_view key) const {
  const toml::node& node = require(key);
  if (!node.is_string()) wrong_type(key, node, "string");
  return node.as_string()->get();
}

std::optional<std::string> TomlTable::opt_string(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  return req_string(key);
}

std::int64_t TomlTable::req_int(std::string_view key, std::int64_t min, std::int64_t max) const {
  const toml::node& node = require(key);
  if (!node.is_integer()) wrong_type(key, node, "integer");
  std::int64_t v = node.as_integer()->get();
  if (v < min || v > max) {
    fail(key, std::to_string(v) + " is out of range " + std::to_string(min) + ".." +
                  std::to_string(max));
  }
  return v;
}

std::optional<std::int64_t> TomlTable::opt_int(std::string_view key, std::int64_t min,
                                               std::int64_t max) const {
  if (!has(key)) return std::nullopt;
  return req_int(key, min, max);
}

namespace {

std::string number_text(double v) {
  std::string s = std::to_string(v);
  // Trim "100.000000" to "100" and "0.500000" to "0.5".
  if (s.find('.') != std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

}  // namespace

double TomlTable::req_number(std::string_view key, double min, double max) const {
  const toml::node& node = require(key);
  double v = 0;
  if (node.is_integer()) {
    v = static_cast<double>(node.as_integer()->get());
  } else if (node.is_floating_point()) {
    v = node.as_floating_point()->get();
  } else {
    wrong_type(key, node, "number");
  }
  if (!std::isfinite(v) || v < min || v > max) {
    fail(key, number_text(v) + " is out of range " + number_text(min) + ".." + number_text(max));
  }
  return v;
}

std::optional<double> TomlTable::opt_number(std::string_view key, double min, double max) const {
  if (!has(key)) return std::nullopt;
  return req_number(key, min, max);
}

std::optional<bool> TomlTable::opt_bool(std::string_view key) const {
  const toml::node* node = find(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_boolean()) wrong_type(key, *node, "boolean");
  return node->as_boolean()->get();
}

const toml::table& TomlTable::req_table(std::string_view key) const {
  const toml::node& node = require(key);
  if (!node.is_table()) wrong_type(key, node, "table");
  return *node.as_table();
}

const toml::table* TomlTable::opt_table(std::string_view key) const {
  if (!has(key)) return nullptr;
  return &req_table(key);
}

bool TomlTable::holds_array(std::string_view key) const {
  const toml::node* node = find(key);
  return node != nullptr && node->is_array();
}

const toml::array* TomlTable::opt_array(std::string_view key) const {
  const toml::node* node = find(key);
  if (node == nullptr) return nullptr;
  if (!node->is_array()) wrong_type(key, *node, "array");
  return node->as_array();
}

const toml::array* TomlTable::opt_table_array(std::string_view key) const {
  const toml::array* array = opt_array(key);
  if (array == nullptr) return nullptr;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    if (!element.is_table()) {
      fail_at(node_line(element), field(key) + "[" + std::to_string(i) + "]",
              "expected table, got " + std::string(toml_type_name(element.type())));
    }
  }
  return array;
}

const toml::array& TomlTable::req_table_array(std::string_view key) const {
  require(key);
  return *opt_table_array(key);
}

TomlTable table_at(const TomlTable& parent, std::string_view key, const toml::array& array,
                   std::size_t i) {
  return TomlTable(*array.get(i)->as_table(), parent.field(key) + "[" + std::to_string(i) + "]",
                   parent.file());
}

}  // namespace synack
