#include "app/interview/interview_sheet.hpp"

#include <fmt/format.h>

#include "app/base/xml_escape.hpp"

namespace synack {

namespace {

// The entries of one section, in topic order then file order.
std::vector<const InterviewEntry*> in_section(const std::vector<InterviewEntry>& entries,
                                              const TopicList& topics, const std::string& section) {
  std::vector<const InterviewEntry*> out;
  for (const Topic& t : topics.topics) {
    if (t.section != section) continue;
    for (const InterviewEntry& e : entries) {
      if (e.topic == t.id) out.push_back(&e);
    }
  }
  return out;
}

// The text in the sheet's language(s): "en" / "zh" / "zh\n\nen" (Chinese first: the
// course is Chinese).
std::vector<std::string> texts(const LocalizedText& t, SheetLang lang) {
  switch (lang) {
    case SheetLang::en:
      return {t.en};
    case SheetLang::zh:
      return {t.zh};
    case SheetLang::both:
      return {t.zh, t.en};
  }
  return {t.en};
}

struct Labels {
  const char *answer, *points, *followup, *mistakes;
};

Labels labels(SheetLang lang) {
  if (lang == SheetLang::zh) return {"参考答案", "要点", "追问：", "面试官不接受的回答"};
  if (lang == SheetLang::both)
    return {"参考答案 Model answer", "要点 Key points",
            "追问 Follow-up:", "面试官不接受的回答 Answers interviewers reject"};
  return {"Model answer", "Key points", "Follow-up:", "Answers interviewers reject"};
}

std::string joined(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

}  // namespace

std::string interview_markdown(const std::vector<InterviewEntry>& entries, const TopicList& topics,
                               SheetLang lang) {
  const Labels l = labels(lang);
  std::string out = lang == SheetLang::en   ? "# TCP interview questions\n"
                    : lang == SheetLang::zh ? "# TCP 面试题\n"
                                            : "# TCP 面试题 · TCP interview questions\n";
  auto points = [&](const std::vector<KeyPoint>& ps) {
    std::string s;
    for (std::size_t i = 0; i < ps.size(); ++i) {
      s += fmt::format("{}. {}\n", i + 1, joined(texts(ps[i].text, lang), " / "));
    }
    return s;
  };
  for (const Section& sec : topics.sections) {
    const auto list = in_section(entries, topics, sec.id);
    if (list.empty()) continue;
    out += fmt::format("\n## {} {}\n", sec.id, joined(texts(sec.title, lang), " · "));
    for (const InterviewEntry* e : list) {
      out += fmt::format("\n### {} {}\n\n", e->topic, joined(texts(e->question, lang), " / "));
      out += fmt::format("**{}**\n\n{}\n\n", l.answer, joined(texts(e->answer, lang), "\n\n"));
      out += fmt::format("**{}**\n\n{}", l.points, points(e->points));
      for (const FollowUp& f : e->followups) {
        out += fmt::format("\n**{}** {}\n\n{}\n\n{}", l.followup,
                           joined(texts(f.question, lang), " / "),
                           joined(texts(f.answer, lang), "\n\n"), points(f.points));
      }
      out += fmt::format("\n**{}**\n\n", l.mistakes);
      for (const auto& m : e->mistakes) out += "- " + joined(texts(m, lang), "\n  ") + "\n";
    }
  }
  return out;
}

std::string interview_html(const std::vector<InterviewEntry>& entries, const TopicList& topics,
                           SheetLang lang) {
  const Labels l = labels(lang);
  const char* title = lang == SheetLang::en   ? "TCP interview questions"
                      : lang == SheetLang::zh ? "TCP 面试题"
                                              : "TCP 面试题 · TCP interview questions";
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n"
      "<style>\n"
      "body {{ font-family: 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Noto Sans', sans-serif;"
      " max-width: 46em; margin: 2em auto; padding: 0 1em; line-height: 1.55; color: #111; }}\n"
      "h2 {{ border-bottom: 2px solid #333; margin-top: 2em; }}\n"
      "h3 {{ margin-top: 1.6em; }} .topic {{ color: #666; font-weight: normal; }}\n"
      ".label {{ font-weight: bold; margin: .8em 0 .2em; }} .follow {{ margin-left: 1.2em; }}\n"
      "p {{ margin: .3em 0; }} ol, ul {{ margin: .2em 0; }}\n"
      "@media print {{ body {{ margin: 0; max-width: none; }} h3 {{ break-after: avoid; }} }}\n"
      "</style>\n</head>\n<body>\n<h1>{}</h1>\n",
      lang == SheetLang::en ? "en" : "zh-Hans", title, title);
  auto paras = [&](const LocalizedText& t) {
    std::string s;
    for (const auto& p : texts(t, lang)) s += "<p>" + xml_escape(p) + "</p>\n";
    return s;
  };
  auto points = [&](const std::vector<KeyPoint>& ps) {
    std::string s = "<ol>\n";
    for (const KeyPoint& p : ps) {
      s += "<li>" + xml_escape(joined(texts(p.text, lang), " / ")) + "</li>\n";
    }
    return s + "</ol>\n";
  };
  for (const Section& sec : topics.sections) {
    const auto list = in_section(entries, topics, sec.id);
    if (list.empty()) continue;
    out +=
        fmt::format("<h2>{} {}</h2>\n", sec.id, xml_escape(joined(texts(sec.title, lang), " · ")));
    for (const InterviewEntry* e : list) {
      out += fmt::format("<h3 id=\"{}\"><span class=\"topic\">{}</span> {}</h3>\n", e->id, e->topic,
                         xml_escape(joined(texts(e->question, lang), " / ")));
      out += fmt::format("<div class=\"label\">{}</div>\n{}", l.answer, paras(e->answer));
      out += fmt::format("<div class=\"label\">{}</div>\n{}", l.points, points(e->points));
      for (const FollowUp& f : e->followups) {
        out += fmt::format("<div class=\"follow\"><div class=\"label\">{} {}</div>\n{}{}</div>\n",
                           l.followup, xml_escape(joined(texts(f.question, lang), " / ")),
                           paras(f.answer), points(f.points));
      }
      out += fmt::format("<div class=\"label\">{}</div>\n<ul>\n", l.mistakes);
      for (const auto& m : e->mistakes) {
        out += "<li>" + xml_escape(joined(texts(m, lang), " / ")) + "</li>\n";
      }
      out += "</ul>\n";
    }
  }
  return out + "</body>\n</html>\n";
}

}  // namespace synack
