import type { StoresAnswer } from "@mostrador/contracts/http/dashboard";
import { useState } from "react";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useT } from "../i18n/i18n.js";
import { useNav } from "../nav/nav-store.js";
import { Status } from "../nav/Status.js";
import { AgendaView } from "./AgendaView.js";
import { RemindersSettings } from "./RemindersSettings.js";
import { ReportView } from "./ReportView.js";
import "./turnos.css";

/**
 * Turnos: one store's appointments as its appliance uploaded them, plus the ones booked online. The agenda
 * of a day or a week (read-only: the desk owns the calendar) and the report over a range of days, the
 * same figures the desk shows (cloud/src/turnos/reports.ts), and the account's reminder settings. Days are
 * the store's.
 */
export function TurnosScreen() {
  const t = useT();
  const navStore = useNav((s) => s.storeId);
  const stores = useLoad<StoresAnswer>(get, "/v1/dashboard/stores");
  const [picked, setPicked] = useState<string | null>(null);
  const list = stores.data?.stores ?? [];
  // Turnos are per store: the one picked here, else the one picked elsewhere, else the first.
  const store = list.find((s) => s.id === picked) ?? list.find((s) => s.id === navStore) ?? list[0];
  return (
    <section>
      <div className="toolbar">
        <label>
          {t("common.store")}
          <select
            data-testid="turnos-store"
            value={store?.id ?? ""}
            onChange={(e) => setPicked(e.target.value)}
          >
            {list.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Status loading={stores.loading && !stores.data} error={stores.error} reload={stores.reload} />
      {stores.data && list.length === 0 ? <p className="muted">{t("turnos.noStores")}</p> : null}
      {store ? (
        <>
          <AgendaView key={`a-${store.id}`} storeId={store.id} timeZone={store.timeZone} />
          <ReportView key={`r-${store.id}`} storeId={store.id} timeZone={store.timeZone} />
          <RemindersSettings />
        </>
      ) : null}
    </section>
  );
}
