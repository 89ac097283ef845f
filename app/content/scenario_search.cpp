#include "app/content/scenario_search.hpp"

#include <algorithm>
#include <numeric>

#include "app/base/text_width.hpp"
#include "app/base/utf8.hpp"

namespace synack {

namespace {

// U+3000 IDEOGRAPHIC SPACE and U+FF01..U+FF5E, the full-width forms of '!'..'~', are the
// only multi-byte characters folding changes; all are three bytes long.
constexpr std::string_view kIdeographicSpace = "\u3000";

// The ASCII character a full-width form stands for, or 0.
char half_width(std::string_view glyph) {
  if (glyph.size() != 3) return 0;
  char32_t cp = 0;
  decode_utf8(glyph, 0, cp);
  if (cp < 0xFF01 || cp > 0xFF5E) return 0;
  return static_cast<char>(cp - 0xFEE0);
}

bool is_space(std::string_view glyph, bool separators) {
  if (glyph == kIdeographicSpace) return true;
  if (glyph.size() != 1) return false;
  const char c = glyph[0];
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || (separators && (c == '-' || c == '_'));
}

// Lower case and half-width; runs of spaces (and of separators, if asked) become one space.
std::string fold(std::string_view utf8, bool separators) {
  std::string out;
  out.reserve(utf8.size());
  for (std::string_view g : glyphs(utf8)) {
    char c = half_width(g);
    if (is_space(g, separators) || (separators && (c == '-' || c == '_' || c == ' '))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    if (c == 0 && g.size() == 1) c = g[0];
    if (c != 0) {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    } else {
      out += g;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string without_spaces(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

void append(std::string& to, std::string_view text) {
  if (text.empty()) return;
  if (!to.empty()) to += '\n';  // a field boundary no folded term contains
  to += fold_for_search(text);
}

}  // namespace

std::string fold_for_search(std::string_view utf8) {
  return fold(utf8, true);
}

std::vector<std::string> search_terms(std::string_view query) {
  std::vector<std::string> terms;
  std::string word;
  auto flush = [&] {
    std::string t = fold_for_search(word);
    if (!t.empty()) terms.push_back(std::move(t));
    word.clear();
  };
  for (std::string_view g : glyphs(query)) {
    if (is_space(g, false) || half_width(g) == ' ') {
      flush();
    } else {
      word += g;
    }
  }
  flush();
  return terms;
}

ScenarioSearch::ScenarioSearch(const std::vector<Scenario>& scenarios, const TopicList& topics) {
  for (const Scenario& s : scenarios) {
    Doc d;
    d.id = s.spec.id;
    d.ids.push_back(without_spaces(fold_for_search(s.spec.id)));
    append(d.name, s.spec.id);
    append(d.name, s.title.en);
    append(d.name, s.title.zh);
    append(d.about, s.summary.en);
    append(d.about, s.summary.zh);
    for (const std::string& id : s.topics) {
      d.ids.push_back(without_spaces(fold_for_search(id)));
      append(d.name, id);
      if (const Topic* t = topics.find(id)) {
        append(d.about, t->title.en);
        append(d.about, t->title.zh);
        for (const Section& sec : topics.sections) {
          if (sec.id != t->section) continue;
          append(d.about, sec.title.en);
          append(d.about, sec.title.zh);
        }
      }
    }
    for (const Narration& n : s.narration) {
      append(d.narration, n.text.en);
      append(d.narration, n.text.zh);
    }
    docs_.push_back(std::move(d));
  }
}

ScenarioSearch ScenarioSearch::from_catalog(const Catalog& catalog,
                                            const std::filesystem::path& content_dir) {
  std::vector<Scenario> scenarios;
  for (const CatalogEntry& e : catalog.entries) {
    try {
      scenarios.push_back(load_scenario(e.path));
    } catch (const std::exception&) {
      // listed with its error by the browser; nothing to search in
    }
  }
  TopicList topics;
  try {
    topics = load_content_topics(content_dir);
  } catch (const std::exception&) {
    // without topic titles the ids, titles and narration are still searched
  }
  return ScenarioSearch(scenarios, topics);
}

std::vector<SearchHit> ScenarioSearch::find(std::string_view query) const {
  const std::vector<std::string> terms = search_terms(query);
  std::vector<SearchHit> hits;
  if (terms.empty()) return hits;
  std::vector<int> score;  // sum over the words of their rank: fewer narration-only words first
  for (const Doc& d : docs_) {
    SearchRank worst = SearchRank::name;
    int sum = 0;
    bool all = true;
    for (const std::string& term : terms) {
      const std::string compact = without_spaces(term);
      const bool in_id = std::any_of(d.ids.begin(), d.ids.end(), [&](const std::string& id) {
        return id.find(compact) != std::string::npos;
      });
      SearchRank r;
      if (in_id || d.name.find(term) != std::string::npos) {
        r = SearchRank::name;
      } else if (d.about.find(term) != std::string::npos) {
        r = SearchRank::about;
      } else if (d.narration.find(term) != std::string::npos) {
        r = SearchRank::narration;
      } else {
        all = false;
        break;
      }
      worst = std::max(worst, r);
      sum += static_cast<int>(r);
    }
    if (!all) continue;
    hits.push_back({d.id, worst});
    score.push_back(sum);
  }
  std::vector<std::size_t> order(hits.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (hits[a].rank != hits[b].rank) return hits[a].rank < hits[b].rank;
    return score[a] < score[b];
  });
  std::vector<SearchHit> sorted;
  for (std::size_t i : order) sorted.push_back(hits[i]);
  return sorted;
}

}  // namespace synack
