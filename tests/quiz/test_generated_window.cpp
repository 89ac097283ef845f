// Generated flow and congestion control items: cwnd after an ACK, cwnd and ssthresh after a
// loss, the receiver's advertised window and the sender's usable window. Each answer is
// checked here against the trace of the run the item records, worked out again from its
// window events and segments without the generator's code.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "app/content/scenario_catalog.hpp"
#include "app/content/topics.hpp"
#include "app/quiz/generated.hpp"
#include "engine/simulator.hpp"
#include "tests/support/generated_cards.hpp"

using namespace synack;

using namespace synack::generated_test;

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

bool has_cjk(const std::string& s) {
  // Every CJK ideograph of the basic block starts with a byte 0xE4..0xE9 in UTF-8.
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0xE4 && b <= 0xE9;
  });
}

std::int64_t sysctl_in(const QuizItem& item, Knob knob, std::int64_t otherwise) {
  for (const SysctlSetting& s : item.run_options->sysctls) {
    if (s.knob == knob) return s.value[0];
  }
  return otherwise;
}

// The window event of the same host and connection before `i`.
std::optional<std::size_t> window_before(const Trace& t, std::size_t i) {
  const Event& e = t.events[i];
  for (std::size_t j = i; j-- > 0;) {
    const Event& x = t.events[j];
    if (x.type == EventType::window && x.host == e.host && x.conn == e.conn) return j;
  }
  return std::nullopt;
}

// The last ACK `host` received on `conn` before `i`.
std::optional<std::size_t> ack_before(const Trace& t, std::size_t i, std::uint16_t host,
                                      std::uint32_t conn) {
  for (std::size_t j = i; j-- > 0;) {
    const Event& x = t.events[j];
    if (x.type == EventType::recv && x.host == host && x.conn == conn &&
        t.segments[x.segment].seg.has(kAck))
      return j;
  }
  return std::nullopt;
}

// Every choice well formed; for numbers, the distractors distinct from the answer and from
// each other as numbers too.
void check_choices(const QuizItem& item, bool numbers) {
  INFO(item.id);
  CHECK(item.type == QuizType::single);
  REQUIRE(item.choices.size() == 4);
  REQUIRE(item.right_choices.size() == 1);
  CHECK(item.right_choices[0] >= 1);
  CHECK(item.right_choices[0] <= 4);
  std::set<std::string> en, zh;
  std::set<long long> values;
  for (const LocalizedText& c : item.choices) {
    en.insert(c.en);
    zh.insert(c.zh);
    if (numbers) values.insert(std::stoll(c.en));
  }
  CHECK(en.size() == 4);
  CHECK(zh.size() == 4);
  if (numbers) CHECK(values.size() == 4);
  CHECK(has_cjk(item.question.zh));
  CHECK(has_cjk(item.explanation.zh));
  CHECK_FALSE(item.question.en.empty());
  CHECK_FALSE(item.explanation.en.empty());
  CHECK_FALSE(has_cjk(item.question.en));
  CHECK_FALSE(has_cjk(item.explanation.en));
}

const std::vector<std::string_view> kKinds = {"cwnd-after-ack", "cwnd-after-loss",
                                              "advertised-window", "usable-window"};

}  // namespace

TEST_CASE("generated window kinds: cards for the scenarios that show them, FC/CC topics",
          "[generated]") {
  const Catalog catalog = load_catalog(kContent);
  const TopicList topics = load_content_topics(kContent);
  // At least these; scenarios added later may bring more.
  const std::map<std::string_view, std::set<std::string>> expected = {
      {"cwnd-after-ack", {"slow-start", "fast-recovery", "rto-collapse"}},
      {"cwnd-after-loss", {"fast-recovery", "rto-collapse"}},
      {"advertised-window", {"zero-window"}},
      {"usable-window", {"zero-window"}},
  };
  for (const auto& [kind, want] : expected) {
    INFO(kind);
    std::set<std::string> got;
    for (const QuizItem& c : cards_of(kind)) {
      INFO(c.id);
      got.insert(c.scenario);
      CHECK(c.type == QuizType::single);
      const std::string section = c.topic.substr(0, 3);
      CHECK((section == "FC-" || section == "CC-"));
      const Topic* t = topics.find(c.topic);
      REQUIRE(t != nullptr);
      CHECK(t->dynamic);
      const CatalogEntry* entry = nullptr;
      for (const CatalogEntry& e : catalog.entries) {
        if (e.id == c.scenario) entry = &e;
      }
      REQUIRE(entry != nullptr);
      CHECK(std::find(entry->topics.begin(), entry->topics.end(), c.topic) != entry->topics.end());
    }
    for (const std::string& s : want) CHECK(got.count(s) == 1);
  }
  // A scenario with no flow or congestion topic gets none of them.
  for (std::string_view kind : kKinds) {
    for (const QuizItem& c : cards_of(kind)) CHECK(c.scenario != "handshake");
  }
  // The topics each card takes: what its scenario is about, most fitting first.
  const std::map<std::string, std::string> topic_of = {
      {"gen-cwnd-after-ack-slow-start", "CC-02"},    {"gen-cwnd-after-ack-fast-recovery", "CC-03"},
      {"gen-cwnd-after-ack-rto-collapse", "CC-05"},  {"gen-cwnd-after-loss-fast-recovery", "CC-04"},
      {"gen-cwnd-after-loss-rto-collapse", "CC-05"}, {"gen-advertised-window-zero-window", "FC-01"},
      {"gen-usable-window-zero-window", "FC-01"},
  };
  for (const QuizItem& c : cards()) {
    auto it = topic_of.find(c.id);
    if (it != topic_of.end()) CHECK(c.topic == it->second);
  }
}

TEST_CASE("generated window kinds: every card gives items for its scenario", "[generated]") {
  for (std::string_view kind : kKinds) {
    for (const QuizItem& card : cards_of(kind)) {
      for (std::uint64_t seed = 0; seed < 12; ++seed) {
        INFO(card.id << " seed " << seed);
        QuizItem item;
        REQUIRE_NOTHROW(item = instantiate(card, seed, kContent));
        CHECK(item.scenario == card.scenario);
        CHECK(item.run_options.has_value());
        CHECK(item.step.has_value());
        CHECK(item.choices.size() == 4);
      }
    }
  }
}

TEST_CASE("generated window kinds: the same card and seed give the same item", "[generated]") {
  for (std::string_view kind : kKinds) {
    for (const QuizItem& card : cards_of(kind)) {
      std::set<std::string> questions;
      for (std::uint64_t seed : {0ULL, 7ULL, 42ULL, 1234567ULL}) {
        const QuizItem a = instantiate(card, seed, kContent);
        const QuizItem b = instantiate(card, seed, kContent);
        INFO(card.id << " seed " << seed);
        CHECK(a.question.en == b.question.en);
        CHECK(a.question.zh == b.question.zh);
        CHECK(a.explanation.en == b.explanation.en);
        CHECK(a.explanation.zh == b.explanation.zh);
        REQUIRE(a.choices.size() == b.choices.size());
        for (std::size_t i = 0; i < a.choices.size(); ++i) {
          CHECK(a.choices[i].en == b.choices[i].en);
          CHECK(a.choices[i].zh == b.choices[i].zh);
        }
        CHECK(a.right_choices == b.right_choices);
        CHECK(a.right_number == b.right_number);
        CHECK(a.step == b.step);
        CHECK(a.hash == b.hash);
        REQUIRE(a.run_options);
        REQUIRE(b.run_options);
        CHECK(a.run_options->seed == b.run_options->seed);
        CHECK(a.run_options->sysctls == b.run_options->sysctls);
        REQUIRE(a.run_options->extra_rules.size() == b.run_options->extra_rules.size());
        for (std::size_t i = 0; i < a.run_options->extra_rules.size(); ++i) {
          CHECK(a.run_options->extra_rules[i].match.from ==
                b.run_options->extra_rules[i].match.from);
          CHECK(a.run_options->extra_rules[i].match.nth == b.run_options->extra_rules[i].match.nth);
          CHECK(a.run_options->extra_rules[i].match.flags ==
                b.run_options->extra_rules[i].match.flags);
        }
        questions.insert(a.question.en);
      }
      for (std::uint64_t seed = 100; seed < 106; ++seed)
        questions.insert(instantiate(card, seed, kContent).question.en);
      INFO(card.id);
      CHECK(questions.size() > 1);  // the seed changes the question
    }
  }
}

TEST_CASE("generated cwnd-after-ack: the cwnd of the window event, by slow start or Reno",
          "[generated]") {
  std::set<bool> phases;
  for_seeds("cwnd-after-ack", 80, [&](const QuizItem& item) {
    check_choices(item, true);
    const Trace t = rerun(item);
    const Event& w = t.events[*item.step];
    REQUIRE(w.type == EventType::window);
    CHECK(std::stoll(right_text(item)) == w.cwnd);
    CHECK(item.right_number == w.cwnd);
    const auto prev = window_before(t, *item.step);
    REQUIRE(prev);
    const Event& p = t.events[*prev];
    CHECK(has(item.question.en, "cwnd is " + std::to_string(p.cwnd) + " segments"));
    CHECK(w.ssthresh == p.ssthresh);
    // The ACK that grew it, and the data segments it newly acknowledges.
    const auto ack = ack_before(t, *item.step, w.host, w.conn);
    REQUIRE(ack);
    CHECK(t.events[*ack].t == w.t);
    const std::uint32_t to = t.segments[t.events[*ack].segment].rel_ack;
    std::uint32_t from = 1;
    for (std::size_t j = 0; j < *ack; ++j) {
      const Event& x = t.events[j];
      if (x.type == EventType::recv && x.host == w.host && x.conn == w.conn &&
          t.segments[x.segment].seg.has(kAck) && !t.segments[x.segment].seg.has(kSyn))
        from = std::max(from, t.segments[x.segment].rel_ack);
    }
    std::set<std::uint32_t> starts;
    for (const Event& x : t.events) {
      if (x.type != EventType::send || x.host != w.host || x.conn != w.conn) continue;
      const SegmentRecord& r = t.segments[x.segment];
      if (r.seg.len > 0 && r.rel_seq >= from && r.rel_seq + r.seg.len <= to)
        starts.insert(r.rel_seq);
    }
    const auto acked = static_cast<std::uint32_t>(starts.size());
    CHECK(has(item.question.en, "ack=" + std::to_string(to)));
    CHECK(has(item.question.en, "acknowledges " + std::to_string(acked) + " more"));
    const bool avoidance = w.reason.why == Why::cwnd_avoidance;
    phases.insert(avoidance);
    // A card of congestion avoidance asks only about it; one of timeouts only about the slow
    // start that follows one.
    if (item.topic == "CC-03") CHECK(avoidance);
    if (item.topic == "CC-05") {
      bool timed_out = false;
      for (std::size_t j = 0; j < *item.step; ++j) {
        const Event& x = t.events[j];
        timed_out = timed_out || (x.type == EventType::window && x.host == w.host &&
                                  x.conn == w.conn && x.reason.why == Why::cwnd_loss);
      }
      CHECK(timed_out);
    }
    if (avoidance) {
      CHECK(p.cwnd >= p.ssthresh);  // congestion avoidance, Reno only
      CHECK(sysctl_in(item, Knob::tcp_congestion_control, 0) == 0);
      CHECK(w.cwnd == p.cwnd + 1);
    } else {
      REQUIRE(w.reason.why == Why::cwnd_slow_start);
      CHECK(p.cwnd < p.ssthresh);
      CHECK(w.cwnd == std::min(p.cwnd + acked, p.ssthresh));
    }
  });
  CHECK(phases.size() == 2);  // both slow start and congestion avoidance come up
}

TEST_CASE("generated cwnd-after-loss: ssthresh and cwnd as the window events show them",
          "[generated]") {
  std::set<Why> seen;
  std::set<std::int64_t> algorithms;
  for_seeds("cwnd-after-loss", 80, [&](const QuizItem& item) {
    check_choices(item, false);
    const Trace t = rerun(item);
    const Event& e = t.events[*item.step];
    REQUIRE(e.type == EventType::window);
    seen.insert(e.reason.why);
    if (item.topic == "CC-04") CHECK(e.reason.why == Why::recovery_enter);
    if (item.topic == "CC-05") CHECK(e.reason.why == Why::cwnd_loss);
    const std::int64_t algorithm = sysctl_in(item, Knob::tcp_congestion_control, 0);
    algorithms.insert(algorithm);
    CHECK(has(item.question.en, algorithm == 1 ? "cubic" : "reno"));
    auto expected_ssthresh = [&](std::uint32_t cwnd) {
      return std::max<std::uint32_t>(algorithm == 1 ? cwnd * 717 / 1024 : cwnd / 2, 2);
    };
    const auto prev = window_before(t, *item.step);
    REQUIRE(prev);
    const Event& p = t.events[*prev];
    // Every other choice names different numbers, so the right one is found by them.
    if (e.reason.why == Why::recovery_enter) {
      std::optional<std::size_t> exit;
      for (std::size_t j = *item.step + 1; j < t.events.size() && !exit; ++j) {
        const Event& x = t.events[j];
        if (x.type == EventType::window && x.host == e.host && x.conn == e.conn &&
            x.reason.why == Why::recovery_exit)
          exit = j;
      }
      REQUIRE(exit);
      const Event& x = t.events[*exit];
      CHECK(x.cwnd == e.ssthresh);  // recovery ends with cwnd = ssthresh
      CHECK(right_text(item) == "ssthresh " + std::to_string(e.ssthresh) + "; cwnd " +
                                    std::to_string(x.cwnd) + " when recovery ends");
      const auto cwnd_at_loss = static_cast<std::uint32_t>(e.reason.b);
      CHECK(cwnd_at_loss >= p.cwnd);  // the ACK that showed the loss may have grown it
      CHECK(e.ssthresh == expected_ssthresh(cwnd_at_loss));
      CHECK(has(item.question.en, "cwnd is " + std::to_string(cwnd_at_loss) + " segments"));
      const std::int64_t recovery = sysctl_in(item, Knob::tcp_recovery, 1);
      CHECK(has(item.question.en, "tcp_recovery = " + std::to_string(recovery)));
    } else {
      REQUIRE(e.reason.why == Why::cwnd_loss);
      CHECK(right_text(item) ==
            "cwnd " + std::to_string(e.cwnd) + ", ssthresh " + std::to_string(e.ssthresh));
      CHECK(e.cwnd < p.cwnd);
      if (e.ssthresh != p.ssthresh) CHECK(e.ssthresh == expected_ssthresh(p.cwnd));
      CHECK(has(item.question.en, "cwnd is " + std::to_string(p.cwnd) + " segments"));
    }
    // The distractors: the other algorithm's ssthresh, cwnd 1 or the window unchanged.
    for (const LocalizedText& c : item.choices) CHECK(has(c.en, "ssthresh"));
  });
  CHECK(seen.count(Why::recovery_enter) == 1);
  CHECK(seen.count(Why::cwnd_loss) == 1);
  CHECK(algorithms.size() == 2);
}

TEST_CASE("generated advertised-window: the window field, from what arrived and was read",
          "[generated]") {
  std::set<bool> open;
  for_seeds("advertised-window", 60, [&](const QuizItem& item) {
    check_choices(item, true);
    const Trace t = rerun(item);
    const Event& e = t.events[*item.step];
    REQUIRE(e.type == EventType::send);
    const SegmentRecord& r = t.segments[e.segment];
    CHECK(std::stoll(right_text(item)) == r.seg.win);  // no window scaling in these runs
    open.insert(r.seg.win > 0);
    // The buffer the receiver's program set, the bytes that arrived in order and were read.
    std::int64_t buffer = 0;
    for (const ProgramSpec& p : scenario(item.scenario).spec.programs) {
      for (const StepSpec& s : p.steps) {
        if (p.host == t.host_name(e.host) && s.call == AppCall::setsockopt && s.rcvbuf > 0)
          buffer = s.rcvbuf;
      }
    }
    REQUIRE(buffer > 0);
    std::int64_t read = 0;
    std::int64_t mss = 0;
    for (std::size_t j = 0; j < *item.step; ++j) {
      const Event& x = t.events[j];
      if (x.host != e.host) continue;
      if (x.type == EventType::app && x.call == AppCall::recv && x.result == AppResult::ok)
        read += x.value;
      if (x.type == EventType::window) mss = x.mss;
    }
    const std::int64_t received = std::int64_t{r.rel_ack} - 1;
    CHECK(has(item.question.en, "has received " + std::to_string(received) + " bytes"));
    CHECK(has(item.question.en, "has read " + std::to_string(read) + " of them"));
    const std::int64_t free_space = std::max<std::int64_t>(0, buffer - (received - read));
    std::int64_t window = free_space;
    if (free_space < buffer / 2 && free_space < mss) window = 0;
    if (window > mss) window = window / mss * mss;
    CHECK(window == r.seg.win);
  });
  CHECK(open.size() == 2);  // both closed and open windows are asked about
}

TEST_CASE("generated usable-window: ack + window - SND.NXT, and the sender keeps to it",
          "[generated]") {
  std::set<bool> in_flight;
  for_seeds("usable-window", 60, [&](const QuizItem& item) {
    check_choices(item, true);
    const Trace t = rerun(item);
    const Event& w = t.events[*item.step];
    REQUIRE(w.type == EventType::window);
    const auto ack = ack_before(t, *item.step, w.host, w.conn);
    REQUIRE(ack);
    const std::int64_t una = t.segments[t.events[*ack].segment].rel_ack;
    std::int64_t next = 0;
    for (std::size_t j = 0; j < *ack; ++j) {
      const Event& x = t.events[j];
      if (x.type != EventType::send || x.host != w.host || x.conn != w.conn) continue;
      const SegmentRecord& r = t.segments[x.segment];
      if (r.seg.len > 0) next = std::max<std::int64_t>(next, r.rel_seq + r.seg.len);
    }
    const std::int64_t room = std::max<std::int64_t>(0, una + w.peer_window - next);
    CHECK(std::stoll(right_text(item)) == room);
    in_flight.insert(next > una);
    // The engine sends no new byte beyond that before the next ACK arrives.
    std::int64_t sent = 0;
    for (std::size_t j = *ack + 1; j < t.events.size(); ++j) {
      const Event& x = t.events[j];
      if (x.host != w.host) continue;
      if (x.type == EventType::recv) break;
      if (x.type != EventType::send || x.conn != w.conn) continue;
      const SegmentRecord& r = t.segments[x.segment];
      if (r.rel_seq >= next) sent += r.seg.len;
    }
    CHECK(sent <= room);
  });
  CHECK(in_flight.size() == 2);
}
