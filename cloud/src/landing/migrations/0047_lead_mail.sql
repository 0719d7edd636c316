-- Email from the operator's side of the landing pages (cloud/src/landing/lead-mail.ts): the welcome a
-- lead gets after the form (its open pixel and links feed the score's "email opened/clicked") and the
-- notice each operator gets when a lead crosses a threshold that notifies. The operator has no tenant,
-- so these do not go through messaging's per-tenant queue: they are their own small outbox, sent by the
-- platform's SMTP (MESSAGING_ACCOUNT_SMTP_*) and, like every operator table, granted to
-- mostrador_operator only.
CREATE TABLE lead_mail (
  id              uuid PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('welcome', 'notice')),
  lead_id         uuid NOT NULL REFERENCES leads (id),
  -- A notice's operator and the threshold it announces.
  operator_id     uuid REFERENCES operators (id),
  threshold       integer,
  -- A notice's score when the threshold was crossed.
  score           integer,
  to_email        text NOT NULL CHECK (to_email = lower(to_email) AND char_length(to_email) BETWEEN 3 AND 254),
  -- The language the lead used on the page: the welcome is written in it when it is sent.
  lang            text NOT NULL DEFAULT 'es' CHECK (lang IN ('es', 'en')),
  -- One event, one email: a replayed form or a re-scored lead queues nothing new.
  dedupe_key      text NOT NULL UNIQUE CHECK (char_length(dedupe_key) BETWEEN 1 AND 200),
  -- What was sent (written at sending, from the lead as it is then: lead-mail-texts.ts).
  subject         text CHECK (char_length(subject) BETWEEN 1 AND 200),
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error      text CHECK (char_length(last_error) <= 500),
  sent_at         timestamptz,
  opened_at       timestamptz,
  clicked_at      timestamptz,
  created_at      timestamptz NOT NULL,
  CHECK ((kind = 'notice') = (operator_id IS NOT NULL AND threshold IS NOT NULL AND score IS NOT NULL))
);
CREATE INDEX lead_mail_due ON lead_mail (next_attempt_at) WHERE status = 'pending';
CREATE INDEX lead_mail_lead ON lead_mail (lead_id, kind);

GRANT SELECT, INSERT, UPDATE ON lead_mail TO mostrador_operator;
