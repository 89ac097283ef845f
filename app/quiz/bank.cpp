#include "app/quiz/bank.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <set>

#include "app/quiz/bank_schema.hpp"

namespace synack {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSourceNames[] = {"content", "generated", "import"};

ItemSource source_of(std::string_view name) {
  for (int i = 0; i < 3; ++i) {
    if (kSourceNames[i] == name) return static_cast<ItemSource>(i);
  }
  return ItemSource::import;
}

bool is_damage(const SQLite::Exception& e) {
  const int code = e.getErrorCode() & 0xff;
  return code == SQLITE_NOTADB || code == SQLITE_CORRUPT;
}

std::string utc_stamp(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// The damaged file and its WAL and shared-memory files go aside together, never deleted.
fs::path move_aside(const fs::path& path) {
  const fs::path aside = path.string() + ".corrupt-" + utc_stamp(std::time(nullptr));
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const fs::path from = path.string() + suffix;
    std::error_code ec;
    if (!fs::exists(from, ec)) continue;
    fs::rename(from, aside.string() + suffix, ec);
    if (ec) {
      throw BankError(fmt::format("{} is damaged, and moving it aside failed: {}", path.string(),
                                  ec.message()));
    }
  }
  return aside;
}

void require_writable(const fs::path& path) {
  const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    throw BankError(fmt::format("cannot create the directory {} for the quiz bank: {}",
                                dir.string(), ec.message()));
  }
  // SQLite would open a read-only file read-only and fail at the first answer; say it now.
  for (const fs::path& p : {path, dir}) {
    if (fs::exists(p, ec) && ::access(p.c_str(), W_OK) != 0) {
      throw BankError(fmt::format(
          "{} is not writable ({}): synack keeps your progress there. Make it writable, or "
          "use --db PATH for a bank somewhere else.",
          p.string(), std::strerror(errno)));
    }
  }
}

fsrs::Card card_from(SQLite::Statement& q, int first) {
  fsrs::Card c;
  c.phase = static_cast<fsrs::Phase>(q.getColumn(first).getInt());
  c.step = q.getColumn(first + 1).getInt();
  c.stability = q.getColumn(first + 2).getDouble();
  c.difficulty = q.getColumn(first + 3).getDouble();
  c.due = q.getColumn(first + 4).getInt64();
  c.last_review = q.getColumn(first + 5).getInt64();
  c.reps = q.getColumn(first + 6).getInt();
  c.lapses = q.getColumn(first + 7).getInt();
  return c;
}

void bind_card(SQLite::Statement& q, const fsrs::Card& c) {
  q.bind(":phase", static_cast<int>(c.phase));
  q.bind(":step", c.step);
  q.bind(":stability", c.stability);
  q.bind(":difficulty", c.difficulty);
  q.bind(":due", static_cast<std::int64_t>(c.due));
  q.bind(":last_review", static_cast<std::int64_t>(c.last_review));
  q.bind(":reps", c.reps);
  q.bind(":lapses", c.lapses);
}

constexpr const char* kUpdateCard =
    "UPDATE cards SET phase = :phase, step = :step, stability = :stability, "
    "difficulty = :difficulty, due = :due, last_review = :last_review, reps = :reps, "
    "lapses = :lapses WHERE item_id = :id";

// "AND i.topic IN (?, ?)" and "AND c.item_id NOT IN (?)", bound from `first`.
std::string filters(const std::vector<std::string>& topics, const std::vector<std::string>& skip,
                    CardKind kind) {
  auto marks = [](std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
    return s;
  };
  std::string out =
      kind == CardKind::interview ? " AND i.type = 'interview'" : " AND i.type != 'interview'";
  if (!topics.empty()) out += " AND i.topic IN (" + marks(topics.size()) + ")";
  if (!skip.empty()) out += " AND c.item_id NOT IN (" + marks(skip.size()) + ")";
  return out;
}

void bind_filters(SQLite::Statement& q, int first, const std::vector<std::string>& topics,
                  const std::vector<std::string>& skip) {
  int k = first;
  for (const auto& t : topics) q.bind(k++, t);
  for (const auto& s : skip) q.bind(k++, s);
}

}  // namespace

std::string_view item_source_name(ItemSource s) {
  return kSourceNames[static_cast<int>(s)];
}

QuizBank::QuizBank(const fs::path& path, int flags) : path_(path), db_(path, flags, 5000) {}

std::unique_ptr<QuizBank> QuizBank::open(const fs::path& path, std::string* notice) {
  require_writable(path);
  const int flags = SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
  try {
    std::unique_ptr<QuizBank> bank(new QuizBank(path, flags));
    bank->migrate();
    bank->load_settings();
    return bank;
  } catch (const SQLite::Exception& e) {
    if (!is_damage(e)) {
      throw BankError(fmt::format("cannot open the quiz bank {}: {}", path.string(), e.what()));
    }
    const fs::path aside = move_aside(path);
    if (notice != nullptr) {
      *notice = fmt::format(
          "The quiz bank {} could not be read ({}). It was moved to {} and a fresh bank was "
          "started; nothing was deleted.",
          path.string(), e.what(), aside.string());
    }
  }
  std::unique_ptr<QuizBank> bank(new QuizBank(path, flags));
  bank->migrate();
  bank->load_settings();
  return bank;
}

fs::path QuizBank::default_path() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg == '/') {
    return fs::path(xdg) / "synack" / "synack.db";
  }
  const char* home = std::getenv("HOME");
  return fs::path(home != nullptr ? home : ".") / ".local" / "share" / "synack" / "synack.db";
}

void QuizBank::migrate() {
  db_.exec("PRAGMA foreign_keys = ON");
  const int version = db_.execAndGet("PRAGMA user_version").getInt();
  const auto steps = bank_migrations();
  if (version > static_cast<int>(steps.size())) {
    throw BankError(fmt::format(
        "{} was written by a newer synack (bank schema version {}; this synack knows up to "
        "{}). Use that newer synack, or --db PATH for a separate bank.",
        path_.string(), version, steps.size()));
  }
  // WAL: a commit is one append to the log file, and a killed process loses nothing
  // committed. NORMAL syncs at checkpoints only: a power cut may lose the last answers, but
  // never damages the file.
  db_.exec("PRAGMA journal_mode = WAL");
  db_.exec("PRAGMA synchronous = NORMAL");
  for (int v = version; v < static_cast<int>(steps.size()); ++v) {
    SQLite::Transaction t(db_);
    db_.exec(steps[static_cast<std::size_t>(v)]);
    db_.exec(fmt::format("PRAGMA user_version = {}", v + 1));
    t.commit();
  }
  // Reads every table's root page: a damaged file shows here, not in the middle of a quiz.
  db_.execAndGet("SELECT (SELECT count(*) FROM items) + (SELECT count(*) FROM cards)");
}

void QuizBank::load_settings() {
  SQLite::Statement q(db_, "SELECT value FROM settings WHERE key = 'desired_retention'");
  if (q.executeStep()) params_.desired_retention = std::stod(q.getColumn(0).getString());
}

void QuizBank::set_desired_retention(double r) {
  SQLite::Statement q(db_,
                      "INSERT INTO settings (key, value) VALUES ('desired_retention', ?) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  q.bind(1, fmt::format("{}", r));
  q.exec();
  params_.desired_retention = r;
}

std::map<std::string, QuizBank::Have> QuizBank::stored_versions() const {
  std::map<std::string, Have> have;
  SQLite::Statement q(db_,
                      "SELECT id, hash, origin, source, removed_at IS NOT NULL, type FROM items");
  while (q.executeStep()) {
    have[q.getColumn(0).getString()] = {q.getColumn(1).getString(), q.getColumn(2).getString(),
                                        source_of(q.getColumn(3).getString()),
                                        q.getColumn(4).getInt() != 0,
                                        q.getColumn(5).getString() == kInterviewType};
  }
  return have;
}

// Adds new items (with a fresh card) and updates changed ones; the caller holds the
// transaction.
void QuizBank::upsert(const std::vector<BankItem>& items, ItemSource source, std::int64_t now,
                      const std::map<std::string, Have>& have, SyncReport& report) {
  SQLite::Statement insert(db_,
                           "INSERT INTO items (id, topic, type, source, origin, hash, body, "
                           "added_at, changed_at, ord) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                           "?8, ?9)");
  SQLite::Statement new_card(db_,
                             "INSERT INTO cards (item_id, phase, step, stability, difficulty, "
                             "due, last_review, reps, lapses) VALUES (?, 0, 0, 0, 0, 0, 0, 0, 0)");
  SQLite::Statement update(db_,
                           "UPDATE items SET topic = ?2, type = ?3, source = ?4, origin = ?5, "
                           "hash = ?6, body = ?7, changed_at = ?8, ord = ?9, removed_at = NULL "
                           "WHERE id = ?1");
  std::map<std::string, int> per_topic;
  for (const BankItem& item : items) {
    const int ord = per_topic[item.topic]++;
    auto it = have.find(item.id);
    if (it != have.end() && it->second.hash == item.hash && it->second.origin == item.origin &&
        it->second.source == source && !it->second.removed) {
      ++report.unchanged;
      continue;
    }
    SQLite::Statement& q = it == have.end() ? insert : update;
    q.reset();
    q.bind(1, item.id);
    q.bind(2, item.topic);
    q.bind(3, item.type);
    q.bind(4, std::string(item_source_name(source)));
    q.bind(5, item.origin);
    q.bind(6, item.hash);
    q.bind(7, item.body);
    q.bind(8, static_cast<std::int64_t>(now));
    q.bind(9, ord);
    q.exec();
    if (it == have.end()) {
      new_card.reset();
      new_card.bind(1, item.id);
      new_card.exec();
      ++report.added;
    } else if (it->second.hash != item.hash) {
      ++report.changed;
    } else if (it->second.removed) {
      ++report.restored;
    } else {
      ++report.unchanged;  // moved to another file: same question, same progress
    }
  }
}

BankItem bank_item(const QuizItem& item) {
  return {item.id,     item.topic, std::string(quiz_type_name(item.type)),
          item.origin, item.hash,  item.body};
}

SyncReport QuizBank::sync(const std::vector<QuizItem>& items, ItemSource source, std::int64_t now) {
  std::vector<BankItem> rows;
  rows.reserve(items.size());
  for (const QuizItem& item : items) rows.push_back(bank_item(item));
  return sync_rows(rows, source, CardKind::quiz, now);
}

SyncReport QuizBank::sync_rows(const std::vector<BankItem>& items, ItemSource source, CardKind kind,
                               std::int64_t now) {
  const auto have = stored_versions();
  SyncReport report;
  SQLite::Transaction t(db_);
  upsert(items, source, now, have, report);
  std::set<std::string> present;
  for (const BankItem& item : items) present.insert(item.id);
  SQLite::Statement remove(db_, "UPDATE items SET removed_at = ? WHERE id = ?");
  const bool interview = kind == CardKind::interview;
  for (const auto& [id, h] : have) {
    if (h.source != source || h.interview != interview || h.removed || present.count(id)) continue;
    remove.reset();
    remove.bind(1, static_cast<std::int64_t>(now));
    remove.bind(2, id);
    remove.exec();
    ++report.removed;
  }
  t.commit();
  return report;
}

SyncReport QuizBank::import_items(const std::vector<QuizItem>& items, std::int64_t now) {
  const auto have = stored_versions();
  for (const QuizItem& item : items) {
    auto it = have.find(item.id);
    if (it != have.end() && it->second.source != ItemSource::import) {
      throw BankError(fmt::format(
          "{}:{}: item.id: id \"{}\" already belongs to the {} item "
          "from {}; give the imported item another id",
          item.origin, item.line, item.id, item_source_name(it->second.source), it->second.origin));
    }
  }
  std::vector<BankItem> rows;
  for (const QuizItem& item : items) rows.push_back(bank_item(item));
  SyncReport report;
  SQLite::Transaction t(db_);
  upsert(rows, ItemSource::import, now, have, report);
  t.commit();
  return report;
}

// The columns every StoredItem is read from.
constexpr const char* kSelectItem =
    "SELECT id, topic, body, hash, origin, source, type FROM items ";

QuizBank::StoredItem QuizBank::stored_from(SQLite::Statement& q) {
  return StoredItem{q.getColumn(0).getString(), q.getColumn(1).getString(),
                    q.getColumn(2).getString(), q.getColumn(3).getString(),
                    q.getColumn(4).getString(), source_of(q.getColumn(5).getString()),
                    q.getColumn(6).getString()};
}

std::optional<QuizBank::StoredItem> QuizBank::item(const std::string& id) const {
  SQLite::Statement q(db_, std::string(kSelectItem) + "WHERE id = ? AND removed_at IS NULL");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return stored_from(q);
}

std::vector<QuizBank::StoredItem> QuizBank::items() const {
  std::vector<StoredItem> out;
  SQLite::Statement q(db_, std::string(kSelectItem) + "WHERE removed_at IS NULL ORDER BY rowid");
  while (q.executeStep()) out.push_back(stored_from(q));
  return out;
}

std::optional<fsrs::Card> QuizBank::card(const std::string& item_id) const {
  SQLite::Statement q(db_,
                      "SELECT phase, step, stability, difficulty, due, last_review, reps, "
                      "lapses FROM cards WHERE item_id = ?");
  q.bind(1, item_id);
  if (!q.executeStep()) return std::nullopt;
  return card_from(q, 0);
}

std::optional<std::string> QuizBank::next_card(std::int64_t now,
                                               const std::vector<std::string>& topics,
                                               const std::vector<std::string>& skip,
                                               bool include_new, CardKind kind) const {
  const std::string where = filters(topics, skip, kind);
  {
    SQLite::Statement q(db_,
                        "SELECT c.item_id FROM cards c JOIN items i ON i.id = c.item_id "
                        "WHERE c.phase != 0 AND c.due <= ?1 AND i.removed_at IS NULL" +
                            where + " ORDER BY c.due, c.rowid LIMIT 1");
    q.bind(1, static_cast<std::int64_t>(now));
    bind_filters(q, 2, topics, skip);
    if (q.executeStep()) return q.getColumn(0).getString();
  }
  if (!include_new) return std::nullopt;
  SQLite::Statement q(db_,
                      "SELECT c.item_id FROM cards c JOIN items i ON i.id = c.item_id "
                      "WHERE c.phase = 0 AND i.removed_at IS NULL" +
                          where + " ORDER BY i.ord, i.rowid LIMIT 1");
  bind_filters(q, 1, topics, skip);
  if (q.executeStep()) return q.getColumn(0).getString();
  return std::nullopt;
}

int QuizBank::due_count(std::int64_t now, const std::vector<std::string>& topics,
                        CardKind kind) const {
  SQLite::Statement q(db_,
                      "SELECT count(*) FROM cards c JOIN items i ON i.id = c.item_id "
                      "WHERE c.phase != 0 AND c.due <= ?1 AND i.removed_at IS NULL" +
                          filters(topics, {}, kind));
  q.bind(1, static_cast<std::int64_t>(now));
  bind_filters(q, 2, topics, {});
  q.executeStep();
  return q.getColumn(0).getInt();
}

std::int64_t QuizBank::start_session(std::int64_t now, const std::string& frontend,
                                     const std::string& lang, const std::string& filter) {
  SQLite::Statement q(db_,
                      "INSERT INTO sessions (started_at, frontend, lang, filter) "
                      "VALUES (?, ?, ?, ?)");
  q.bind(1, static_cast<std::int64_t>(now));
  q.bind(2, frontend);
  q.bind(3, lang);
  q.bind(4, filter);
  q.exec();
  return db_.getLastInsertRowid();
}

void QuizBank::end_session(std::int64_t session, std::int64_t now) {
  SQLite::Statement q(db_, "UPDATE sessions SET ended_at = ? WHERE id = ?");
  q.bind(1, static_cast<std::int64_t>(now));
  q.bind(2, static_cast<std::int64_t>(session));
  q.exec();
}

fsrs::Card QuizBank::record(const ReviewRecord& r) {
  SQLite::Transaction t(db_);
  const fsrs::Card before = card(r.item_id).value_or(fsrs::Card{});
  const fsrs::Card after = fsrs::next(before, r.grade.rating, r.at, params_);
  SQLite::Statement log(db_,
                        "INSERT INTO reviews (item_id, session_id, at, rating, correct, "
                        "readable, answer, item_hash, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  log.bind(1, r.item_id);
  if (r.session != 0) log.bind(2, static_cast<std::int64_t>(r.session));
  log.bind(3, static_cast<std::int64_t>(r.at));
  log.bind(4, static_cast<int>(r.grade.rating));
  log.bind(5, r.grade.correct ? 1 : 0);
  log.bind(6, r.grade.readable ? 1 : 0);
  log.bind(7, r.grade.given);
  log.bind(8, r.item_hash);
  log.bind(9, r.detail);
  log.exec();
  SQLite::Statement up(db_, kUpdateCard);
  bind_card(up, after);
  up.bind(":id", r.item_id);
  up.exec();
  t.commit();
  return after;
}

void QuizBank::rebuild_cards(const fsrs::Parameters& params) {
  params_ = params;
  std::map<std::string, std::vector<fsrs::Review>> logs;
  {
    SQLite::Statement q(db_, "SELECT item_id, at, rating FROM reviews ORDER BY id");
    while (q.executeStep()) {
      logs[q.getColumn(0).getString()].push_back(
          {q.getColumn(1).getInt64(), static_cast<fsrs::Rating>(q.getColumn(2).getInt())});
    }
  }
  SQLite::Transaction t(db_);
  SQLite::Statement ids(db_, "SELECT item_id FROM cards");
  SQLite::Statement up(db_, kUpdateCard);
  while (ids.executeStep()) {
    const std::string id = ids.getColumn(0).getString();
    auto it = logs.find(id);
    const fsrs::Card c =
        it == logs.end() ? fsrs::Card{} : fsrs::replay(std::span(it->second), params_);
    up.reset();
    bind_card(up, c);
    up.bind(":id", id);
    up.exec();
  }
  t.commit();
}

}  // namespace synack
