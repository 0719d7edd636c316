-- The owner is told before the ARCA certificate expires (desktop/src/invoicing/certificate-expiry.ts): 30 and
-- 7 days before, and on expiry. One row per certificate (its SHA-256) and threshold: each is said once.

CREATE TABLE arca_certificate_alerts (
  certificate_sha256 TEXT NOT NULL CHECK (length(certificate_sha256) = 64),
  days_before        INTEGER NOT NULL CHECK (days_before IN (30, 7, 0)),
  alerted_at         TEXT NOT NULL,
  PRIMARY KEY (certificate_sha256, days_before)
) STRICT;
