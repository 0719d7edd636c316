-- Patients' answers to the cloud's reminders (issue 17, cloud/src/turnos/reminders/): "confirmar" or
-- "cancelar" by WhatsApp or an email link, for a DESK booking (the cloud never changes one). They arrive
-- down the turno_answers shape (sync/src/download/turno-answers-apply.ts stores them here, pending) and the
-- turnos module applies each in its own IMMEDIATE transaction (patient-answers.ts): booked → confirmed, or
-- cancelled by the patient, with its outbox op; an answer for a booking already moved, cancelled, or done
-- is kept as ignored, with why.
CREATE TABLE turno_patient_answers (
  id TEXT PRIMARY KEY,
  booking_id TEXT NOT NULL,
  answer TEXT NOT NULL CHECK (answer IN ('confirm', 'cancel')),
  channel TEXT NOT NULL,
  -- The booking's start the reminder named (UTC).
  booking_start TEXT NOT NULL,
  received_at TEXT NOT NULL,
  -- NULL while pending; then the outcome: applied, or ignored (note says why).
  applied_at TEXT,
  outcome TEXT CHECK (outcome IN ('applied', 'ignored')),
  note TEXT
);
CREATE INDEX turno_patient_answers_pending ON turno_patient_answers (received_at) WHERE applied_at IS NULL;
CREATE INDEX turno_patient_answers_by_booking ON turno_patient_answers (booking_id);
