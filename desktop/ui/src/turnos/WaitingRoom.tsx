import type { Booking, TurnosSetup } from "@mostrador/contracts/http/turnos";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import { useCallback, useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { OnlineDeposit } from "./OnlineDeposit.js";
import { ErrorText } from "../shared/ErrorText.js";
import { useTurnosFeed } from "./turnos-feed-store.js";
import { chargeAtTill } from "./charge-at-till.js";
import { bookingAction } from "./turnos-api.js";
import { listBookings } from "./turnos-api.js";
import { addDays, waitingRoom } from "./calendar-logic.js";

/** The waiting room: who arrived, for whom, since when; mark attended, charge at the till. */
export function WaitingRoom({ setup }: { setup: TurnosSetup }) {
  const t = useT();
  const format = useFormat();
  const today = dayKeyIn(new Date(), setup.timeZone);
  // Who arrived and was not attended yet, from yesterday to tomorrow: a check-in around midnight still shows.
  const [rows, setRows] = useState<Booking[]>([]);
  const [error, setError] = useState<string | null>(null);
  const version = useTurnosFeed((s) => s.version);
  const load = useCallback(() => {
    listBookings(addDays(today, -1), addDays(today, 1))
      .then((r) => setRows(waitingRoom(r.bookings)))
      .catch((e: unknown) => setError(format.error(e)));
  }, [today, format]);
  // Re-read on open, on a change of what is shown, and when any desk changes a booking.
  useEffect(load, [load, version]);
  return (
    <div data-testid="waiting-room">
      <ErrorText text={error} />
      {rows.length === 0 ? (
        <p>{t("turnos.waitingEmpty")}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>{t("turnos.arrivedAt")}</th>
              <th>{t("turnos.patient")}</th>
              <th>{t("turnos.service")}</th>
              <th>{t("turnos.professional")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => (
              <tr key={b.id} data-testid={`waiting-${b.id}`}>
                <td>{b.arrivedAt ? format.time(b.arrivedAt) : ""}</td>
                <td>{b.customerName ?? t("turnos.noPatient")}</td>
                <td>
                  {b.serviceName}
                  {b.onlineDeposit && (
                    <>
                      {" · "}
                      <OnlineDeposit booking={b} />
                    </>
                  )}
                </td>
                <td>{b.professionalName}</td>
                <td>
                  <button
                    type="button"
                    onClick={() =>
                      void bookingAction(b.id, "done").then(load, (e: unknown) => setError(format.error(e)))
                    }
                  >
                    {t("turnos.action.done")}
                  </button>{" "}
                  <button
                    type="button"
                    onClick={() => void chargeAtTill(b.id).catch((e: unknown) => setError(format.error(e)))}
                  >
                    {t("turnos.charge")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
