// An interview drill over a real bank with a fake clock: entries come due like quiz cards
// but never mix with them, typed answers tick points, ticks can be changed, a follow-up is
// asked, the proposed grade follows the share of points made, and each grade is in the
// review log before the next question.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "app/interview/interview_drill.hpp"
#include "app/interview/interview_loader.hpp"
#include "app/quiz/quiz_stats.hpp"
#include "tests/support/scratch.hpp"

using namespace synack;
namespace fs = std::filesystem;

namespace {

// Two entries of two topics; the answers make their points, each follow-up one more.
const std::string kEntries = R"([[entry]]
id = "tw02-why-2msl"
topic = "TW-02"
question = { en = "Why 2MSL?", zh = "为什么是 2MSL？" }
answer = { en = "Old segments die out, a retransmitted FIN is answered, and Linux waits 60 seconds.", zh = "旧报文自然消失，重传的 FIN 能被回应，Linux 等 60 秒。" }
mistakes = [{ en = "tcp_fin_timeout sets it.", zh = "由 tcp_fin_timeout 决定。" }]
[[entry.point]]
text = { en = "die out", zh = "消失" }
phrases = { en = ["die out"], zh = ["自然消失"] }
[[entry.point]]
text = { en = "FIN", zh = "FIN" }
phrases = { en = ["retransmitted FIN"], zh = ["重传的 FIN"] }
[[entry.point]]
text = { en = "60 s", zh = "60 秒" }
phrases = { en = ["60 seconds"], zh = ["60 秒"] }
[[entry.followup]]
question = { en = "Why not 1 MSL?", zh = "为什么不是 1 个 MSL？" }
answer = { en = "A FIN needs a round trip.", zh = "FIN 需要一个来回。" }
[[entry.followup.point]]
text = { en = "round trip", zh = "来回" }
phrases = { en = ["round trip"], zh = ["一个来回"] }

[[entry]]
id = "hs04-why-three"
topic = "HS-04"
question = { en = "Why three?", zh = "为什么三次？" }
answer = { en = "It stops an old duplicate SYN, syncs both ISNs, and wastes no resources.", zh = "阻止历史连接，同步双方初始序列号，避免资源浪费。" }
mistakes = [{ en = "Because three is a nice number.", zh = "因为三是个好数字。" }]
[[entry.point]]
text = { en = "old SYN", zh = "历史连接" }
phrases = { en = ["old duplicate SYN"], zh = ["历史连接"] }
[[entry.point]]
text = { en = "ISNs", zh = "序列号" }
phrases = { en = ["both ISNs"], zh = ["初始序列号"] }
[[entry.point]]
text = { en = "resources", zh = "资源" }
phrases = { en = ["wastes no resources"], zh = ["资源浪费"] }
[[entry.followup]]
question = { en = "Third ACK lost?", zh = "第三次握手丢了？" }
answer = { en = "The server resends its SYN,ACK.", zh = "服务端重传 SYN,ACK。" }
[[entry.followup.point]]
text = { en = "resend", zh = "重传" }
phrases = { en = ["resends its SYN,ACK"], zh = ["重传 SYN,ACK"] }
)";

struct Fixture {
  std::unique_ptr<QuizBank> bank;
  std::vector<InterviewEntry> entries;
  std::int64_t now = 1'800'000'000;
  std::function<std::int64_t()> clock = [this] { return now; };
  explicit Fixture(const std::string& name) {
    bank = QuizBank::open(test::scratch_file("interview", name), nullptr);
    entries = load_interview_text(kEntries, "i.toml", QuizContext{});
    bank->sync_rows(interview_bank_rows(entries), ItemSource::content, CardKind::interview, now);
  }
  int reviews() { return bank->db().execAndGet("SELECT count(*) FROM reviews").getInt(); }
};

}  // namespace

TEST_CASE("interview drill: proposed grades follow the share of points made", "[interview]") {
  CHECK(proposed_rating(0, 4) == fsrs::Rating::again);
  CHECK(proposed_rating(1, 4) == fsrs::Rating::again);
  CHECK(proposed_rating(2, 4) == fsrs::Rating::hard);
  CHECK(proposed_rating(3, 4) == fsrs::Rating::good);
  CHECK(proposed_rating(4, 4) == fsrs::Rating::easy);
  CHECK(proposed_rating(0, 0) == fsrs::Rating::again);
}

TEST_CASE("interview drill: a typed answer, a changed tick, a follow-up, a grade in the log",
          "[interview]") {
  Fixture f("typed.db");
  InterviewDrill drill(*f.bank, f.entries, DrillOptions{{"TW-02"}, 5, 120}, "test", Lang::zh,
                       f.clock);
  REQUIRE(drill.phase() == InterviewDrill::Phase::question);
  REQUIRE(drill.entry()->id == "tw02-why-2msl");
  CHECK(drill.question()->zh == "为什么是 2MSL？");
  f.now += 95;
  CHECK(drill.elapsed() == 95);

  drill.answer("旧报文会在网络里自然消失，Linux 是６０ 秒");
  REQUIRE(drill.phase() == InterviewDrill::Phase::answer);
  CHECK(drill.ticks() == std::vector<bool>{true, false, true});
  // Said better than the matcher saw: the student ticks point 2 by hand.
  CHECK(drill.set_tick(2, true));
  CHECK_FALSE(drill.set_tick(4, true));
  CHECK(drill.made() == 3);

  drill.next();
  REQUIRE(drill.phase() == InterviewDrill::Phase::followup);
  CHECK(drill.question()->en == "Why not 1 MSL?");
  // While the follow-up is asked, the marks shown are still the first answer's.
  CHECK(drill.points()->size() == 3);
  CHECK(drill.set_tick(1, false));
  CHECK(drill.made() == 2);
  CHECK(drill.set_tick(1, true));
  drill.answer("");  // said out loud: nothing ticked until the student says so
  CHECK(drill.ticks() == std::vector<bool>{false});
  CHECK(drill.total() == 4);
  CHECK(drill.proposed() == fsrs::Rating::good);  // 3 of 4
  drill.next();
  REQUIRE(drill.phase() == InterviewDrill::Phase::grade);
  CHECK(f.reviews() == 0);
  const fsrs::Card card = drill.grade(fsrs::Rating::hard);  // the student's call, not ours
  CHECK(card.due > f.now);
  CHECK(f.reviews() == 1);  // committed before anything else
  SQLite::Statement q(f.bank->db(), "SELECT item_id, rating, answer, detail FROM reviews");
  REQUIRE(q.executeStep());
  CHECK(q.getColumn(0).getString() == "tw02-why-2msl");
  CHECK(q.getColumn(1).getInt() == 2);
  CHECK(q.getColumn(2).getString() == "旧报文会在网络里自然消失，Linux 是６０ 秒");
  CHECK(q.getColumn(3).getString() == "points 3/4 [1,2,3]; follow-up 1 [-]: ");
  CHECK(drill.phase() == InterviewDrill::Phase::done);  // only TW-02 was asked for
}

TEST_CASE("interview drill: entries and quiz cards never mix, and the stats show both",
          "[interview]") {
  Fixture f("mixed.db");
  QuizItem q;
  q.id = "tw02-quiz";
  q.topic = "TW-02";
  q.type = QuizType::truefalse;
  q.body = "x";
  q.hash = "h";
  q.origin = "q.toml";
  f.bank->sync({q}, ItemSource::content, f.now);
  // Syncing the quiz content did not remove the interview rows, nor the other way round.
  CHECK(f.bank->item("tw02-why-2msl").has_value());
  f.bank->sync_rows(interview_bank_rows(f.entries), ItemSource::content, CardKind::interview,
                    f.now);
  CHECK(f.bank->item("tw02-quiz").has_value());
  CHECK(f.bank->next_card(f.now, {"TW-02"}, {}) == std::optional<std::string>("tw02-quiz"));
  CHECK(f.bank->next_card(f.now, {"TW-02"}, {}, true, CardKind::interview) ==
        std::optional<std::string>("tw02-why-2msl"));

  {
    InterviewDrill drill(*f.bank, f.entries, DrillOptions{{}, 2, 120}, "test", Lang::en, f.clock);
    // Both entries, the topics taking turns; each answered perfectly.
    for (int round = 0; round < 2; ++round) {
      REQUIRE(drill.phase() == InterviewDrill::Phase::question);
      drill.answer(drill.entry()->answer.en);
      drill.next();
      drill.answer(drill.followup()->answer.en);
      drill.next();
      CHECK(drill.proposed() == fsrs::Rating::easy);
      drill.grade(drill.proposed());
    }
    CHECK(drill.phase() == InterviewDrill::Phase::done);
  }
  CHECK(f.reviews() == 2);
  TopicList topics;
  topics.topics.push_back({"HS-04", "HS", false, {}});
  topics.topics.push_back({"TW-02", "TW", false, {}});
  const QuizStats s = compute_stats(*f.bank, topics, f.now + 60, 7);
  const TopicStat& tw = s.topics.at(1);
  CHECK(tw.items == 1);  // the quiz item alone
  CHECK(tw.seen == 0);
  CHECK(tw.reviews == 0);
  CHECK(tw.interview_items == 1);
  CHECK(tw.interview_seen == 1);
  CHECK(tw.interview_mastery > 0.9);
  CHECK(s.topics.at(0).interview_seen == 1);
  CHECK(s.total_items == 1);
}

TEST_CASE("interview drill: an entry edited in the content keeps its progress", "[interview]") {
  Fixture f("edited.db");
  auto rows = interview_bank_rows(f.entries);
  auto edited = f.entries;
  edited[0].answer.en += " Also RFC 9293.";
  const auto report = f.bank->sync_rows(interview_bank_rows(edited), ItemSource::content,
                                        CardKind::interview, f.now);
  CHECK(report.changed == 1);
  CHECK(report.unchanged == 1);
  CHECK(interview_bank_rows(edited)[0].hash != rows[0].hash);
}
