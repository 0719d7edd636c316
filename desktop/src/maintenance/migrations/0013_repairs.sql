-- Repairs of what happened before the store-isolation and text fixes (cloud 0005, desktop 0013).

-- 1. Product ops the cloud parked only because its price limit was ten times lower than the till's
--    (both now share contracts/limits MAX_AMOUNT): asked to be retried, so the drainer resends them
--    once. The reason is the cloud's exact words for that refusal; any other parked op stays parked.
UPDATE outbox_parked SET retry_requested = 1
 WHERE reason = 'El campo "price" debe ser como máximo 100000000000'
   AND op_id IN (SELECT id FROM outbox WHERE entity = 'product');

-- 2. One-time maintenance run at start (desktop/src/maintenance): which ran, when, and what it did.
--    Text typed before every input refused control characters is cleaned once (stored-text.ts).
CREATE TABLE maintenance_done (
  name    TEXT PRIMARY KEY,
  done_at TEXT NOT NULL,
  detail  TEXT NOT NULL CHECK (json_valid(detail))
) STRICT;
