import type { Queryable } from "../db/sql.js";

const NO_CONTACT = { patient_name: null, patient_phone: null, patient_email: null };

/**
 * Delete on request (cloud/src/customers eraseCloudCustomer, in its transaction) reaches what turnos keeps
 * of the person: an online booking's name, phone and e-mail (in `turno_bookings` and its last payload, the rows of the
 * `turno_bookings` shape already logged for the tills, and the raw `turno_booking` events the tills
 * uploaded), and the copies a waitlist offer took of them (`turno_waitlist_turns`). The bookings and
 * entries stay (the agenda, its reports), naming the anonymous customer.
 */
export async function eraseTurnosPatient(q: Queryable, customerIds: readonly string[]): Promise<void> {
  const bookings = (
    await q.query<{ id: string }>(
      `UPDATE turno_bookings SET patient_name = NULL, patient_phone = NULL, patient_email = NULL,
              payload = payload - 'patientName' - 'patientPhone' - 'patientEmail'
        WHERE customer_id = ANY($1) RETURNING id`,
      [customerIds],
    )
  ).map((b) => b.id);
  if (bookings.length > 0) {
    await q.query(
      `UPDATE shape_log
          SET row = row || $2::jsonb || CASE WHEN jsonb_typeof(row -> 'payload') = 'object'
            THEN jsonb_build_object('payload', (row -> 'payload') - 'patientName' - 'patientPhone' - 'patientEmail')
            ELSE '{}'::jsonb END
        WHERE tenant_id = current_tenant_id() AND table_name = 'turno_bookings' AND pk = ANY($1) AND op <> 'delete'`,
      [bookings, JSON.stringify(NO_CONTACT)],
    );
    await q.query(
      `UPDATE appliance_events SET payload = payload - 'patientName' - 'patientPhone' - 'patientEmail'
        WHERE entity = 'turno_booking' AND entity_id = ANY($1)`,
      [bookings],
    );
  }
  await q.query(
    `UPDATE turno_waitlist_turns SET patient_name = '', patient_phone = NULL, patient_email = NULL
      WHERE entry_id IN (SELECT id FROM turno_waitlist_entries WHERE customer_id = ANY($1))`,
    [customerIds],
  );
}
