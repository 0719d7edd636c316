-- The owner's recalls (cloud dashboard → the store's `allowance_recalls` shape, written here by
-- sync/src/download/allowance-apply.ts): "hand back up to this much of a customer's credit or points".
-- The store answers each once with what it has NOT spent (a 'return' allowance entry naming the recall,
-- uploaded), so the cloud counts it back only then and nothing is spent twice (docs/ownership.md).
CREATE TABLE allowance_recalls (
  id          TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers (id),
  kind        TEXT NOT NULL CHECK (kind IN ('credit', 'points')),
  amount      INTEGER NOT NULL CHECK (amount > 0),
  created_at  TEXT NOT NULL
) STRICT;

-- return answering a recall: that recall's id (a recall is answered once).
ALTER TABLE allowance_entries ADD COLUMN answers_recall TEXT;
CREATE UNIQUE INDEX allowance_entries_answers_recall ON allowance_entries (answers_recall)
  WHERE answers_recall IS NOT NULL;
