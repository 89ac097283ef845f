#include "app/quiz/grading.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <vector>

namespace synack {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<int> parse_int(std::string_view s) {
  s = trim(s);
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// "1,3", "1, 3", "1 3" and "1，3" (a Chinese comma) are the same list.
std::optional<std::vector<int>> parse_list(std::string_view s, int n) {
  std::string plain;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.substr(i, 3) == "，") {
      plain += ',';
      i += 2;
    } else {
      plain += s[i] == ' ' ? ',' : s[i];
    }
  }
  std::vector<int> out;
  std::string_view rest = plain;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view piece = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (piece.empty()) continue;
    const auto v = parse_int(piece);
    if (!v || *v < 1 || *v > n) return std::nullopt;
    if (std::find(out.begin(), out.end(), *v) != out.end()) return std::nullopt;
    out.push_back(*v);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::string join(const std::vector<int>& v, std::string_view sep) {
  std::string out;
  for (int x : v) out += (out.empty() ? "" : std::string(sep)) + std::to_string(x);
  return out;
}

std::optional<bool> parse_bool(std::string_view s) {
  std::string lower;
  for (char c : trim(s)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view yes : {"1", "t", "true", "y", "yes", "对", "是", "正确"}) {
    if (lower == yes) return true;
  }
  for (std::string_view no : {"2", "f", "false", "n", "no", "错", "否", "错误"}) {
    if (lower == no) return false;
  }
  return std::nullopt;
}

// "63", "63 s" or "63s" when the unit is "s"; "1e3" too.
std::optional<double> parse_number(std::string_view s, std::string_view unit) {
  s = trim(s);
  if (!unit.empty() && s.size() > unit.size() && s.ends_with(unit)) {
    s = trim(s.substr(0, s.size() - unit.size()));
  }
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || s.empty() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

std::string format_number(double v) {
  return fmt::format("{}", v);  // shortest form that reads back the same: 63, 0.5, 924.6
}

// "3. c3; 1. c1": choices by their 1-based number, with their text.
std::string choice_list(const QuizItem& item, const std::vector<int>& numbers, std::string_view sep,
                        Lang lang) {
  std::string out;
  for (int k : numbers) {
    if (!out.empty()) out += sep;
    out += fmt::format("{}. {}", k, item.choices.at(static_cast<std::size_t>(k - 1)).in(lang));
  }
  return out;
}

std::string_view multiple_sep(bool one_per_line) {
  return one_per_line ? "\n" : "; ";
}
std::string_view order_sep(bool one_per_line) {
  return one_per_line ? "\n→ " : " → ";
}

std::string bool_text(bool v, Lang lang) {
  if (lang == Lang::zh) return v ? "正确" : "错误";
  return v ? "true" : "false";
}

}  // namespace

Grade grade_answer(const QuizItem& item, std::string_view line) {
  Grade g;
  g.given = std::string(trim(line));
  const int n = static_cast<int>(item.choices.size());
  switch (item.type) {
    case QuizType::single:
      if (auto v = parse_int(line); v && *v >= 1 && *v <= n) {
        g.readable = true;
        g.correct = *v == item.right_choices.at(0);
        g.given = std::to_string(*v);
      }
      break;
    case QuizType::multiple:
      if (auto v = parse_list(line, n)) {
        g.readable = true;
        std::sort(v->begin(), v->end());
        g.correct = *v == item.right_choices;
        g.given = join(*v, ",");
      }
      break;
    case QuizType::order:
      if (auto v = parse_list(line, n); v && static_cast<int>(v->size()) == n) {
        g.readable = true;
        g.correct = *v == item.right_choices;
        g.given = join(*v, ",");
      }
      break;
    case QuizType::truefalse:
      if (auto v = parse_bool(line)) {
        g.readable = true;
        g.correct = *v == item.right_bool;
        g.given = *v ? "true" : "false";
      }
      break;
    case QuizType::numeric:
      if (auto v = parse_number(line, item.unit)) {
        g.readable = true;
        // A hair of slack so "0.3" matches 0.1 + 0.2 within tolerance 0.
        g.correct = std::fabs(*v - item.right_number) <= item.tolerance + 1e-9;
        g.given = format_number(*v);
      }
      break;
    case QuizType::explain:
      if (auto v = parse_int(line); v && *v >= 1 && *v <= 4) {
        g.readable = true;
        g.rating = static_cast<fsrs::Rating>(*v);
        g.correct = g.rating != fsrs::Rating::again;
        g.given = std::to_string(*v);
        return g;
      }
      break;
  }
  if (g.readable) g.rating = g.correct ? fsrs::Rating::good : fsrs::Rating::again;
  return g;
}

std::string right_answer_text(const QuizItem& item, Lang lang, bool one_per_line) {
  switch (item.type) {
    case QuizType::single:
      return choice_list(item, {item.right_choices.at(0)}, "", lang);
    case QuizType::multiple:
      return choice_list(item, item.right_choices, multiple_sep(one_per_line), lang);
    case QuizType::order:
      return choice_list(item, item.right_choices, order_sep(one_per_line), lang);
    case QuizType::truefalse:
      return bool_text(item.right_bool, lang);
    case QuizType::numeric: {
      std::string out = format_number(item.right_number);
      if (!item.unit.empty()) out += " " + item.unit;
      if (item.tolerance > 0) out += " (± " + format_number(item.tolerance) + ")";
      return out;
    }
    case QuizType::explain:
      return item.model_answer.in(lang);
  }
  return {};
}

std::string given_answer_text(const QuizItem& item, const Grade& grade, Lang lang,
                              bool one_per_line) {
  if (!grade.readable) return grade.given;
  const int n = static_cast<int>(item.choices.size());
  switch (item.type) {
    case QuizType::single:
    case QuizType::multiple:
      if (auto v = parse_list(grade.given, n)) {
        return choice_list(item, *v, multiple_sep(one_per_line), lang);
      }
      break;
    case QuizType::order:
      if (auto v = parse_list(grade.given, n)) {
        return choice_list(item, *v, order_sep(one_per_line), lang);
      }
      break;
    case QuizType::truefalse:
      return bool_text(grade.given == "true", lang);
    case QuizType::numeric:
      return item.unit.empty() ? grade.given : grade.given + " " + item.unit;
    case QuizType::explain:
      break;
  }
  return grade.given;
}

std::string answer_hint(const QuizItem& item, Lang lang) {
  const bool zh = lang == Lang::zh;
  const int n = static_cast<int>(item.choices.size());
  switch (item.type) {
    case QuizType::single:
      return zh ? fmt::format("输入 1-{} 中的一个数字", n) : fmt::format("a number 1-{}", n);
    case QuizType::multiple:
      return zh ? "输入所有正确选项，用逗号分隔，如 1,3" : "every right choice, like 1,3";
    case QuizType::order:
      return zh ? fmt::format("按正确顺序输入全部 {} 个编号，如 3,1,2", n)
                : fmt::format("all {} numbers in the right order, like 3,1,2", n);
    case QuizType::truefalse:
      return zh ? "1 = 正确，2 = 错误" : "1 = true, 2 = false";
    case QuizType::numeric:
      return zh ? fmt::format("一个数字（单位：{}）", item.unit.empty() ? "无" : item.unit)
                : fmt::format("a number{}", item.unit.empty() ? "" : " in " + item.unit);
    case QuizType::explain:
      return zh ? "想好答案后查看参考答案，再自评 1 = 忘了，2 = 困难，3 = 良好，4 = 轻松"
                : "think of your answer, reveal the model answer, then grade yourself 1 = "
                  "Again, 2 = Hard, 3 = Good, 4 = Easy";
  }
  return {};
}

}  // namespace synack
