// Interview entries: the shipped set covers every topic with points, follow-ups and model
// answers in both languages that make their own points, every link resolves, typed answers
// tick the points they make, and bad files are rejected with FILE:LINE: FIELD messages.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>

#include "app/content/scenario_catalog.hpp"
#include "app/content/topics.hpp"
#include "app/interview/interview_loader.hpp"
#include "app/interview/interview_sheet.hpp"
#include "app/interview/point_match.hpp"
#include "app/run/narration.hpp"
#include "engine/simulator.hpp"
#include "tests/support/catalog_fixture.hpp"

using namespace synack;

namespace {

const std::string kEntry = R"([[entry]]
id = "tw02-why-2msl"
topic = "TW-02"
question = { en = "Why does TIME_WAIT last 2MSL?", zh = "为什么 TIME_WAIT 要等 2MSL？" }
answer = { en = "One MSL lets the last segments of the old connection die out, and the other covers a retransmitted FIN and our answer to it. Linux waits a fixed 60 seconds.", zh = "一个 MSL 让旧连接在网络里的报文自然消失，另一个 MSL 留给对方重传的 FIN 和我们的回应。Linux 固定等 60 秒。" }
mistakes = [{ en = "Linux computes it from tcp_fin_timeout.", zh = "Linux 按 tcp_fin_timeout 计算。" }]

[[entry.point]]
text = { en = "Old segments die out.", zh = "旧报文消失。" }
phrases = { en = ["die out", "expire in the network"], zh = ["自然消失", "过期"] }

[[entry.point]]
text = { en = "A retransmitted FIN can still be answered.", zh = "还能回应重传的 FIN。" }
phrases = { en = ["retransmitted FIN", "FIN is resent"], zh = ["重传的 FIN", "FIN & 重发"] }

[[entry.point]]
text = { en = "Linux: a fixed 60 s.", zh = "Linux 固定 60 秒。" }
phrases = { en = ["60 seconds", "60 s", "TCP_TIMEWAIT_LEN"], zh = ["60 秒", "60s", "TCP_TIMEWAIT_LEN"] }

[[entry.followup]]
question = { en = "Why not 1 MSL?", zh = "为什么不是 1 个 MSL？" }
answer = { en = "The FIN needs a round trip.", zh = "FIN 的重传需要一个来回。" }

[[entry.followup.point]]
text = { en = "A round trip.", zh = "一个来回。" }
phrases = { en = ["round trip", "there and back"], zh = ["一个来回", "往返"] }
)";

std::string with(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

std::string error_of(const std::string& text) {
  try {
    load_interview_text(text, "i.toml", QuizContext{});
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

std::vector<bool> ticks(const InterviewEntry& e, const std::string& answer) {
  return points_made(e.points, answer);
}

}  // namespace

TEST_CASE("interview: folding for matching drops case, width and spacing", "[interview]") {
  CHECK(fold_for_match("TIME_WAIT") == fold_for_match("time wait"));
  CHECK(fold_for_match("time-wait") == "timewait");
  CHECK(fold_for_match("２ＭＳＬ") == "2msl");
  CHECK(fold_for_match("２　ＭＳＬ") == "2msl");
  CHECK(fold_for_match("等待 60 秒") == "等待60秒");
  CHECK(phrase_occurs("序列号 & 同步", fold_for_match("双方要同步各自的初始序列号")));
  CHECK_FALSE(phrase_occurs("序列号 & 同步", fold_for_match("双方交换序列号")));
  CHECK_FALSE(phrase_occurs("", fold_for_match("anything")));
}

TEST_CASE("interview: typed answers tick the points they make", "[interview]") {
  const InterviewEntry e = load_interview_text(kEntry, "i.toml", QuizContext{}).at(0);
  // The model answers make every point, in both languages.
  CHECK(ticks(e, e.answer.en) == std::vector<bool>{true, true, true});
  CHECK(ticks(e, e.answer.zh) == std::vector<bool>{true, true, true});
  // A student's own Chinese sentence with full-width digits and other spacing.
  CHECK(ticks(e, "我觉得主要是为了防止对方重发 FIN 时没人理，Linux 里是６０ 秒。") ==
        std::vector<bool>{false, true, true});
  // English, with a synonym and the constant's name in another case.
  CHECK(ticks(e, "Stale segments expire in the network; tcp_timewait_len is the wait.") ==
        std::vector<bool>{true, false, true});
  // Mixed languages, as Chinese engineers speak: an English phrase inside Chinese.
  CHECK(ticks(e, "等到旧报文 die out，对方的 retransmitted FIN 也能回复") ==
        std::vector<bool>{true, true, false});
  // Off topic: nothing.
  CHECK(ticks(e, "UDP has no connection and no retransmission; DNS uses it.") ==
        std::vector<bool>{false, false, false});
  CHECK(ticks(e, "三次握手是为了防止历史连接，并同步双方的初始序列号。") ==
        std::vector<bool>{false, false, false});
  CHECK(points_made(e.followups.at(0).points, "因为 FIN 的重传要一个往返") ==
        std::vector<bool>{true});
}

TEST_CASE("interview: bad files are rejected with file, line and field", "[interview]") {
  CHECK(error_of(kEntry).empty());
  CHECK_THAT(error_of(with(kEntry, "topic = \"TW-02\"", "topic = \"TW2\"")),
             Catch::Contains("i.toml:3: entry[0].topic"));
  CHECK_THAT(
      error_of(with(kEntry, "phrases = { en = [\"die out\"", "phrases = { en = [\"vanish\"")),
      Catch::Contains("entry[0].point[0].phrases.en") &&
          Catch::Contains("\"vanish\" does not occur in the en model answer"));
  CHECK_THAT(error_of(with(kEntry, "zh = [\"一个来回\"", "zh = [\"两个来回\"")),
             Catch::Contains("entry[0].followup[0].point[0].phrases.zh"));
  CHECK_THAT(error_of(with(kEntry, "mistakes = [{", "mistake = [{")),
             Catch::Contains("entry[0]") && Catch::Contains("mistake"));
  CHECK_THAT(error_of(with(kEntry, ", zh = \"为什么不是 1 个 MSL？\"", "")),
             Catch::Contains("entry[0].followup[0].question"));
  // Two points are too few.
  std::string two = kEntry;
  const auto third = two.find("[[entry.point]]\ntext = { en = \"Linux: a fixed 60 s.\"");
  two.erase(third, two.find("[[entry.followup]]") - third);
  CHECK_THAT(error_of(two),
             Catch::Contains("entry[0].point") && Catch::Contains("3 to 7 key points, not 2"));
  // No follow-up.
  CHECK_THAT(error_of(kEntry.substr(0, kEntry.find("[[entry.followup]]"))),
             Catch::Contains("1 to 3 follow-ups, not 0"));
  CHECK_THAT(error_of(with(kEntry, "id = \"tw02-why-2msl\"", "id = \"TW02\"")),
             Catch::Contains("entry[0].id"));
}

TEST_CASE("interview: flow and congestion entries link the scenarios of their topics",
          "[interview]") {
  const auto content = find_content_dir();
  const Catalog catalog = load_catalog(content);
  const std::set<std::string> shown = catalog_test::flow_congestion_topics_shown(catalog);
  const std::vector<InterviewEntry> entries =
      load_interview_dir(content / "interview", QuizContext{});
  std::map<std::string, int> linked;
  for (const InterviewEntry& e : entries) {
    auto count = [&](const std::vector<KeyPoint>& points) {
      for (const KeyPoint& p : points) {
        if (!p.scenario.empty()) ++linked[e.topic];
      }
    };
    count(e.points);
    for (const FollowUp& f : e.followups) count(f.points);
  }
  for (const std::string& t : shown) {
    CAPTURE(t);
    CHECK(linked[t] >= 1);
  }
}

TEST_CASE("interview: every topic has an entry, and every link resolves", "[interview]") {
  const auto content = find_content_dir();
  const TopicList topics = load_content_topics(content);
  std::set<std::string> topic_ids;
  for (const Topic& t : topics.topics) topic_ids.insert(t.id);
  const auto ids = scenario_ids(content);
  const std::set<std::string> scenarios(ids.begin(), ids.end());
  QuizContext ctx{&topic_ids, &scenarios,
                  [&](const std::string& id) { return load_scenario_arg(content, id).spec.hosts; }};
  const std::vector<InterviewEntry> entries = load_interview_dir(content / "interview", ctx);

  std::map<std::string, int> per_topic;
  for (const InterviewEntry& e : entries) ++per_topic[e.topic];
  for (const Topic& t : topics.topics) {
    CAPTURE(t.id);
    CHECK(per_topic[t.id] >= 1);
  }
  CHECK(topics.topics.size() >= 72);

  const auto quiz = load_quiz_dir(content / "quiz", QuizContext{});
  std::set<std::string> quiz_ids;
  for (const auto& q : quiz) quiz_ids.insert(q.id);
  std::map<std::string, Trace> traces;
  auto resolves = [&](const KeyPoint& p) {
    if (!p.at) return true;
    auto it = traces.find(p.scenario);
    if (it == traces.end()) {
      Scenario sc = load_scenario_arg(content, p.scenario);
      it = traces.emplace(p.scenario, run_scenario(sc.spec, RunOptions{})).first;
    }
    return find_anchor(*p.at, it->second).has_value();
  };
  for (const InterviewEntry& e : entries) {
    CAPTURE(e.origin, e.line, e.id);
    // The loader already holds each point's first phrase to its model answer; the whole
    // answer then makes every point, in each language.
    for (const std::string* answer : {&e.answer.en, &e.answer.zh}) {
      for (bool made : points_made(e.points, *answer)) CHECK(made);
    }
    for (const FollowUp& f : e.followups) {
      for (const std::string* answer : {&f.answer.en, &f.answer.zh}) {
        for (bool made : points_made(f.points, *answer)) CHECK(made);
      }
      for (const KeyPoint& p : f.points) CHECK(resolves(p));
    }
    for (const KeyPoint& p : e.points) CHECK(resolves(p));
    for (const std::string& q : e.quiz) CHECK(quiz_ids.count(q) == 1);
  }
}

TEST_CASE("interview: real answers against the shipped entries", "[interview]") {
  const auto content = find_content_dir();
  const std::vector<InterviewEntry> entries =
      load_interview_dir(content / "interview", QuizContext{});
  auto entry = [&](const std::string& id) -> const InterviewEntry& {
    for (const InterviewEntry& e : entries) {
      if (e.id == id) return e;
    }
    FAIL("no entry " << id);
    return entries.front();
  };
  auto count = [](const std::vector<bool>& v) {
    return static_cast<int>(std::count(v.begin(), v.end(), true));
  };
  const InterviewEntry& three = entry("hs04-why-three");
  const InterviewEntry& wait = entry("tw02-why-2msl");

  // A good answer in a student's own Chinese: the old duplicate SYN, both ISNs, no waste.
  const auto good_zh = points_made(
      three.points,
      "主要是为了防止历史连接：旧 SYN 晚到时客户端能发 RST 拦下来；另外要同步双方的初始序列号，"
      "两次握手只能确认一方的；还能避免服务端浪费资源。");
  CHECK(good_zh[0]);
  CHECK(good_zh[1]);
  CHECK(good_zh[2]);
  // The same in English, with other words than the model answer's.
  const auto good_en = points_made(
      three.points,
      "Mainly so that a stale SYN from an old attempt cannot open a connection, and so that "
      "both initial sequence numbers get acknowledged; it also avoids wasted server state.");
  CHECK(count(good_en) >= 3);

  // Off topic: an answer about TIME_WAIT makes no point of "why three-way", and an answer
  // about the handshake none of "why 2MSL".
  CHECK(count(points_made(three.points,
                          "TIME_WAIT 等 2MSL，让最后的 ACK 丢了时还能回应对方重传的 FIN。")) == 0);
  CHECK(count(points_made(three.points,
                          "TIME_WAIT lasts 2MSL so the final ACK can be resent if the peer's "
                          "FIN comes again.")) == 0);
  CHECK(count(points_made(wait.points, "三次握手是为了防止历史连接，并同步双方的初始序列号。")) ==
        0);
  CHECK(count(points_made(wait.points, "UDP has no handshake; DNS and video calls use it.")) == 0);

  // Full-width digits and other spacing match: "６０ 秒", "TCP TIMEWAIT LEN".
  const auto fw = points_made(wait.points, "Linux 上固定是６０ 秒，写死在 tcp timewait len 里");
  CHECK(count(fw) >= 1);
}

TEST_CASE("interview: the printable sheet has every entry, grouped by section", "[interview]") {
  const auto content = find_content_dir();
  const TopicList topics = load_content_topics(content);
  const auto entries = load_interview_dir(content / "interview", QuizContext{});
  auto count = [](const std::string& text, const std::string& what) {
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };
  const std::string zh = interview_markdown(entries, topics, SheetLang::zh);
  CHECK(count(zh, "\n### ") == static_cast<int>(entries.size()));
  CHECK(count(zh, "\n## ") == static_cast<int>(topics.sections.size()));
  CHECK(zh.find("**参考答案**") != std::string::npos);
  CHECK(zh.find("Model answer") == std::string::npos);
  // Sections in the topic list's order: handshake before teardown before TIME_WAIT.
  CHECK(zh.find("\n### HS-04 ") < zh.find("\n### FW-01 "));
  CHECK(zh.find("\n### FW-08 ") < zh.find("\n### TW-01 "));
  const std::string both = interview_html(entries, topics, SheetLang::both);
  CHECK(count(both, "<h3 id=") == static_cast<int>(entries.size()));
  CHECK(both.find("<meta charset=\"utf-8\">") != std::string::npos);
  // Text is escaped: no entry can break the page.
  auto tricky = load_interview_text(
      with(kEntry, "Why does TIME_WAIT last 2MSL?", "Is 1 < 2 & \\\"MSL\\\" > 0?"), "i.toml",
      QuizContext{});
  tricky[0].topic = "TW-02";
  const std::string page = interview_html(tricky, topics, SheetLang::en);
  CHECK(page.find("Is 1 &lt; 2 &amp; &quot;MSL&quot; &gt; 0?") != std::string::npos);
  CHECK(page.find("Is 1 < 2") == std::string::npos);
  const std::string en = interview_markdown(entries, topics, SheetLang::en);
  CHECK(en.find("参考答案") == std::string::npos);
}
