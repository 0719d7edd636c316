-- Owner dashboard (cloud/src/dashboard): the store's time zone, so "today" and "18 h" are the shop's
-- own calendar day and wall clock. Argentina has had no DST since 2009; stores elsewhere (Bolivia,
-- or a zone with DST) set theirs. The dashboard checks the name against the tz database before saving.
ALTER TABLE stores
  ADD COLUMN time_zone text NOT NULL DEFAULT 'America/Argentina/Buenos_Aires'
  CHECK (char_length(time_zone) BETWEEN 1 AND 64);

-- Operations the appliance parked (refused by the cloud, kept in its dead-letter list), as it last
-- reported them, next to 0002's backlog. NULL = never reported. The dashboard shows it per appliance;
-- the ingest endpoint fills it when an upload carries the count.
ALTER TABLE appliances ADD COLUMN parked integer CHECK (parked >= 0);

-- The dashboard's joins: payments of a period's sales (0002 indexes sale_lines by sale but not
-- payments), and the last name a till printed for a product the cloud catalog does not know yet.
CREATE INDEX sale_payments_sale ON sale_payments (tenant_id, sale_id);
CREATE INDEX sale_lines_product ON sale_lines (tenant_id, product_id, id);
