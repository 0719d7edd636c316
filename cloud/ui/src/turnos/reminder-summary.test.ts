import type { AgendaBooking, AgendaReminder } from "@mostrador/contracts/http/cloud-turnos";
import { describe, expect, it } from "vitest";
import { reminderSummary } from "./reminder-summary.js";

const reminder = (state: AgendaReminder["state"]): AgendaReminder => ({
  reminder: "24h",
  channel: "whatsapp",
  state,
  notBefore: "2026-03-03T13:00:00.000Z",
  updatedAt: "2026-03-03T13:00:00.000Z",
  why: null,
});

const booking = (over: Partial<AgendaBooking>): AgendaBooking => ({
  id: "b",
  professionalId: "p",
  professionalName: "Dra. Paz",
  serviceName: "Consulta",
  start: "2026-03-04T13:00:00.000Z",
  end: "2026-03-04T13:30:00.000Z",
  state: "booked",
  origin: "desk",
  patientName: null,
  reminders: [],
  answer: null,
  ...over,
});

describe("a day's reminder summary", () => {
  it("counts confirmed (by state or by an answer not yet applied), pending and failed-to-remind bookings", () => {
    expect(
      reminderSummary([
        booking({ state: "confirmed" }),
        booking({
          answer: { answer: "confirm", channel: "whatsapp", receivedAt: "2026-03-03T13:05:00.000Z" },
        }),
        booking({ reminders: [reminder("delivered"), reminder("failed")] }),
        booking({ reminders: [reminder("no_consent")] }),
        booking({ reminders: [reminder("read")] }),
      ]),
    ).toEqual({ confirmed: 2, pending: 3, failed: 2 });
  });

  it("leaves out bookings nobody is waiting for: cancelled, done, absent, arrived", () => {
    expect(
      reminderSummary(
        (["cancelled", "done", "no_show", "arrived"] as const).map((state) =>
          booking({ state, reminders: [reminder("failed")] }),
        ),
      ),
    ).toEqual({ confirmed: 0, pending: 0, failed: 0 });
  });
});
