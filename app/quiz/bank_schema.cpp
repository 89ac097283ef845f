// The bank's tables, one migration per schema version (PRAGMA user_version). Documented in
// docs/quiz-db.md; a change here needs a new migration, never an edit of an old one.
#include "app/quiz/bank_schema.hpp"

namespace synack {

namespace {

constexpr const char* kVersion1 = R"sql(
CREATE TABLE items (
  id         TEXT PRIMARY KEY,
  topic      TEXT NOT NULL,
  type       TEXT NOT NULL,
  source     TEXT NOT NULL CHECK (source IN ('content', 'generated', 'import')),
  origin     TEXT NOT NULL,
  hash       TEXT NOT NULL,
  body       TEXT NOT NULL,
  ord        INTEGER NOT NULL,  -- position among its topic's items: new cards take turns
  added_at   INTEGER NOT NULL,
  changed_at INTEGER NOT NULL,
  removed_at INTEGER
) STRICT;

CREATE INDEX items_by_ord ON items(ord);

CREATE TABLE cards (
  item_id     TEXT PRIMARY KEY REFERENCES items(id),
  phase       INTEGER NOT NULL,
  step        INTEGER NOT NULL,
  stability   REAL NOT NULL,
  difficulty  REAL NOT NULL,
  due         INTEGER NOT NULL,
  last_review INTEGER NOT NULL,
  reps        INTEGER NOT NULL,
  lapses      INTEGER NOT NULL
) STRICT;
-- Only cards already reviewed are ever due: picking the next one walks this index in due
-- order and stops at the first match.
CREATE INDEX cards_due ON cards(due) WHERE phase != 0;
CREATE INDEX cards_new ON cards(item_id) WHERE phase = 0;

CREATE TABLE sessions (
  id         INTEGER PRIMARY KEY,
  started_at INTEGER NOT NULL,
  ended_at   INTEGER,
  frontend   TEXT NOT NULL,
  lang       TEXT NOT NULL,
  filter     TEXT NOT NULL
) STRICT;

CREATE TABLE reviews (
  id         INTEGER PRIMARY KEY,
  item_id    TEXT NOT NULL REFERENCES items(id),
  session_id INTEGER REFERENCES sessions(id),
  at         INTEGER NOT NULL,
  rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
  correct    INTEGER NOT NULL,
  readable   INTEGER NOT NULL,
  answer     TEXT NOT NULL,
  item_hash  TEXT NOT NULL,
  detail     TEXT NOT NULL
) STRICT;
CREATE INDEX reviews_by_item ON reviews(item_id, id);
CREATE INDEX reviews_by_time ON reviews(at);

-- The log is the truth the cards are computed from: it is only ever appended to.
CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
  BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
  BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
)sql";

}  // namespace

std::span<const char* const> bank_migrations() {
  static constexpr const char* kMigrations[] = {kVersion1};
  return kMigrations;
}

}  // namespace synack
