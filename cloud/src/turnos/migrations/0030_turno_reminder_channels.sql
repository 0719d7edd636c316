-- The owner's choice of which reminders go (issue 17, the dashboard's "Recordatorios"): WhatsApp and
-- email each on or off, and the 24 h and 1 h reminders each on or off. Rows saved before this keep
-- sending everything, as they did.
ALTER TABLE turno_reminder_settings
  ADD COLUMN whatsapp   boolean NOT NULL DEFAULT true,
  ADD COLUMN email      boolean NOT NULL DEFAULT true,
  ADD COLUMN before_24h boolean NOT NULL DEFAULT true,
  ADD COLUMN before_1h  boolean NOT NULL DEFAULT true;
