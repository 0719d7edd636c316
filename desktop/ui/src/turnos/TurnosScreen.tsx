import type { TurnosSetup } from "@mostrador/contracts/http/turnos";
import { useCallback, useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useSession } from "../session/session-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { AgendaView } from "./AgendaView.js";
import { OnlineView } from "./OnlineView.js";
import { ReportsView } from "./ReportsView.js";
import { SetupView } from "./SetupView.js";
import { getSetup } from "./turnos-api.js";
import { WaitingRoom } from "./WaitingRoom.js";
import { WaitlistView } from "./WaitlistView.js";
import "./turnos.css";

type Tab = "agenda" | "waiting" | "setup" | "online" | "reports" | "waitlist";

/** Turnos: the agenda per professional (day and week), the waiting room, the setup and the reports (managers). */
export function TurnosScreen() {
  const t = useT();
  const format = useFormat();
  const canSetUp = useSession((s) => s.can("catalog.edit"));
  const canReport = useSession((s) => s.can("cash.close_z"));
  const [tab, setTab] = useState<Tab>("agenda");
  const [setup, setSetup] = useState<TurnosSetup | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    getSetup()
      .then((s) => {
        setSetup(s);
        setError(null);
      })
      .catch((e: unknown) => setError(format.error(e)));
  }, [format]);
  useEffect(reload, [reload]);

  const tabs: Tab[] = [
    "agenda",
    "waiting",
    "waitlist",
    ...(canSetUp ? (["setup", "online"] as const) : []),
    ...(canReport ? (["reports"] as const) : []),
  ];
  return (
    <section className="turnos" data-testid="turnos-screen">
      <div className="turnos-tabs" role="tablist">
        {tabs.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={tab === k ? "selected" : ""}
            data-testid={`turnos-tab-${k}`}
            onClick={() => setTab(k)}
          >
            {t(`turnos.tab.${k}`)}
          </button>
        ))}
      </div>
      <ErrorText text={error} />
      {setup && tab === "agenda" && <AgendaView setup={setup} />}
      {setup && tab === "waiting" && <WaitingRoom setup={setup} />}
      {setup && tab === "setup" && <SetupView setup={setup} onSaved={reload} />}
      {setup && tab === "online" && <OnlineView setup={setup} />}
      {setup && tab === "reports" && <ReportsView setup={setup} />}
      {setup && tab === "waitlist" && <WaitlistView setup={setup} />}
    </section>
  );
}
