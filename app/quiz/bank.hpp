#pragma once
// The quiz bank: one SQLite file (docs/quiz-db.md) holding the items (content), a card per
// item (its scheduling state), an append-only review log and the sessions. The cards are a
// cache of the log: replaying the log with another scheduler rebuilds them.
//
// Every answer is its own transaction, committed before the next question is shown, and the
// file is in WAL mode: killing the process loses nothing already answered.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/quiz/fsrs.hpp"
#include "app/quiz/grading.hpp"
#include "app/quiz/quiz_item.hpp"

namespace synack {

// A bank that cannot be used: read-only, written by a newer synack, or unopenable. The
// message says which file and what to do.
class BankError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr int kBankSchemaVersion = 1;

// Where items come from; sync() only ever removes items of the source it is given.
enum class ItemSource { content, generated, import };

// Quiz items and interview entries (docs/interview-format.md) share the bank, its cards,
// its log and the scheduler; a session asks one kind. An interview entry's row has the type
// "interview".
enum class CardKind { quiz, interview };
inline constexpr std::string_view kInterviewType = "interview";

// One row of the items table, whatever it holds: its type, and the canonical text its hash
// is of.
struct BankItem {
  std::string id, topic, type, origin, hash, body;
};
BankItem bank_item(const QuizItem& item);

struct SyncReport {
  int added = 0, changed = 0, removed = 0, unchanged = 0, restored = 0;
};

struct CardRow {
  std::string item_id;
  std::string topic;
  fsrs::Card card;
};

struct ReviewRecord {
  std::string item_id;
  std::int64_t session = 0;  // 0: none
  std::int64_t at = 0;       // Unix seconds
  Grade grade;
  std::string item_hash;
  std::string detail;  // generated items: what the instance was made from
};

class QuizBank {
 public:
  // Opens (creating it and its directory if needed) and migrates the bank at `path`. A file
  // that is not a database, or is damaged, is moved aside to PATH.corrupt-<UTC time> and a
  // fresh bank started: `notice` then says where the old one went. Throws BankError for a
  // read-only location or a file from a newer synack.
  static std::unique_ptr<QuizBank> open(const std::filesystem::path& path, std::string* notice);
  // $XDG_DATA_HOME/synack/synack.db, or ~/.local/share/synack/synack.db.
  static std::filesystem::path default_path();

  const std::filesystem::path& path() const { return path_; }

  // Makes the bank's items of `source` equal to `items`, by id and hash: new ones are added
  // with a fresh card, changed ones updated (the card and the log stay), missing ones marked
  // removed (kept, with their progress, in case they come back).
  SyncReport sync(const std::vector<QuizItem>& items, ItemSource source, std::int64_t now);
  // The same for rows of one kind: rows of the other kind are never touched.
  SyncReport sync_rows(const std::vector<BankItem>& rows, ItemSource source, CardKind kind,
                       std::int64_t now);
  // Adds or updates an instructor's items (never removes any); an id that belongs to the
  // shipped content is refused.
  SyncReport import_items(const std::vector<QuizItem>& items, std::int64_t now);

  // The stored body, hash and origin of an item that is not removed.
  struct StoredItem {
    std::string id, topic, body, hash, origin;
    ItemSource source = ItemSource::content;
    std::string type;  // a quiz type, or kInterviewType
  };
  std::optional<StoredItem> item(const std::string& id) const;
  std::vector<StoredItem> items() const;  // every item not removed, in the order added

  std::optional<fsrs::Card> card(const std::string& item_id) const;
  // Cards due at `now` (reviewed before, due <= now), most overdue first, then unseen cards,
  // the topics taking turns (each topic's first item, then each one's second, ...). Topics empty:
  // all. `skip`: ids already asked.
  std::optional<std::string> next_card(std::int64_t now, const std::vector<std::string>& topics,
                                       const std::vector<std::string>& skip,
                                       bool include_new = true,
                                       CardKind kind = CardKind::quiz) const;
  int due_count(std::int64_t now, const std::vector<std::string>& topics,
                CardKind kind = CardKind::quiz) const;

  std::int64_t start_session(std::int64_t now, const std::string& frontend, const std::string& lang,
                             const std::string& filter);
  void end_session(std::int64_t session, std::int64_t now);
  // Appends the review and updates the card, in one transaction. Returns the new card.
  fsrs::Card record(const ReviewRecord& review);

  // Rebuilds every card from the review log with `params` (e.g. another desired retention).
  void rebuild_cards(const fsrs::Parameters& params);
  const fsrs::Parameters& parameters() const { return params_; }
  void set_desired_retention(double r);

  SQLite::Database& db() { return db_; }
  const SQLite::Database& db() const { return db_; }

 private:
  struct Have {
    std::string hash, origin;
    ItemSource source = ItemSource::content;
    bool removed = false;
    bool interview = false;
  };
  QuizBank(const std::filesystem::path& path, int flags);
  static StoredItem stored_from(SQLite::Statement& q);
  std::map<std::string, Have> stored_versions() const;
  void upsert(const std::vector<BankItem>& items, ItemSource source, std::int64_t now,
              const std::map<std::string, Have>& have, SyncReport& report);
  void migrate();
  void load_settings();

  std::filesystem::path path_;
  mutable SQLite::Database db_;
  fsrs::Parameters params_;
};

std::string_view item_source_name(ItemSource s);

}  // namespace synack
