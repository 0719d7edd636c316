import type { Allotment, TurnosSetup } from "@mostrador/contracts/http/turnos";
import { dayKeyIn, isDayKey, nextDayKey, wallTimeMs } from "@mostrador/contracts/zoned-day";
import { useCallback, useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { grantOnline, listAllotments, reclaimOnline } from "./turnos-api.js";
import { useTurnosFeed } from "./turnos-feed-store.js";

/**
 * "Turnos en línea" (managers, docs/turnos.md): per professional, give the cloud the next N days or a
 * range of days to book online, see each allotment's state (the cloud's answer comes down by itself),
 * and ask one back.
 */
export function OnlineView({ setup }: { setup: TurnosSetup }) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const version = useTurnosFeed((s) => s.version);
  const active = setup.professionals.filter((p) => p.active);
  const today = dayKeyIn(new Date(), setup.timeZone);
  const [professionalId, setProfessionalId] = useState(active[0]?.id ?? "");
  const [mode, setMode] = useState<"days" | "range">("days");
  const [days, setDays] = useState(String(setup.rules.onlineDays ?? 14));
  const [from, setFrom] = useState(nextDayKey(today));
  const [to, setTo] = useState(nextDayKey(today));
  const [allotments, setAllotments] = useState<Allotment[]>([]);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    listAllotments()
      .then((r) => setAllotments(r.allotments))
      .catch((e: unknown) => setError(format.error(e)));
  }, [format]);
  useEffect(reload, [reload, version]);

  const grant = () => {
    if (!professionalId) return setError(t("turnos.online.pickProfessional"));
    let body;
    if (mode === "days") {
      const n = Number(days);
      if (!Number.isInteger(n) || n < 1 || n > 90) return setError(t("turnos.online.badDays"));
      body = { professionalId, days: n };
    } else {
      if (!isDayKey(from) || !isDayKey(to) || to < from) return setError(t("turnos.online.badRange"));
      body = {
        professionalId,
        from: new Date(wallTimeMs(from, 0, setup.timeZone)).toISOString(),
        to: new Date(wallTimeMs(nextDayKey(to), 0, setup.timeZone)).toISOString(),
      };
    }
    grantOnline(body)
      .then(() => {
        setError(null);
        notify("info", t("turnos.online.granted"));
        reload();
      })
      .catch((e: unknown) => setError(format.error(e)));
  };

  const reclaim = (id: string) =>
    reclaimOnline(id)
      .then(() => {
        notify("info", t("turnos.online.reclaimAsked"));
        reload();
      })
      .catch((e: unknown) => setError(format.error(e)));

  return (
    <div className="turnos-setup" data-testid="turnos-online">
      <form
        className="turnos-form"
        onSubmit={(e) => {
          e.preventDefault();
          grant();
        }}
      >
        <h3>{t("turnos.online.title")}</h3>
        <p>{t("turnos.online.explain")}</p>
        <p className="muted" data-testid="turnos-online-deposits">
          {t("turnos.online.deposits", { minutes: setup.rules.holdMinutes })}
        </p>
        <label>
          {t("turnos.professional")}
          <select
            data-testid="online-professional"
            value={professionalId}
            onChange={(e) => setProfessionalId(e.target.value)}
          >
            {active.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input type="radio" checked={mode === "days"} onChange={() => setMode("days")} />
          {t("turnos.online.nextDays")}
        </label>
        {mode === "days" && (
          <label>
            {t("turnos.online.days")}
            <input
              data-testid="online-days"
              type="number"
              min={1}
              max={90}
              value={days}
              onChange={(e) => setDays(e.target.value)}
            />
          </label>
        )}
        <label className="inline">
          <input
            type="radio"
            data-testid="online-mode-range"
            checked={mode === "range"}
            onChange={() => setMode("range")}
          />
          {t("turnos.online.range")}
        </label>
        {mode === "range" && (
          <>
            <label>
              {t("turnos.online.fromDay")}
              <input
                data-testid="online-from"
                type="date"
                value={from}
                onChange={(e) => setFrom(e.target.value)}
              />
            </label>
            <label>
              {t("turnos.online.toDay")}
              <input data-testid="online-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
            </label>
          </>
        )}
        <ErrorText text={error} />
        <button type="submit" data-testid="online-grant">
          {t("turnos.online.grant")}
        </button>
      </form>
      <section>
        <h3>{t("turnos.online.list")}</h3>
        {allotments.length === 0 ? (
          <p>{t("turnos.online.none")}</p>
        ) : (
          <table className="list" data-testid="online-allotments">
            <thead>
              <tr>
                <th>{t("turnos.professional")}</th>
                <th>{t("turnos.online.from")}</th>
                <th>{t("turnos.online.to")}</th>
                <th>{t("turnos.online.state")}</th>
                <th>{t("turnos.online.freeHours")}</th>
                <th>{t("turnos.online.bookings")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {allotments.map((a) => (
                <tr key={a.id} data-testid="online-allotment">
                  <td>{a.professionalName}</td>
                  <td>{format.dateTime(a.start)}</td>
                  <td>{format.dateTime(a.end)}</td>
                  <td data-testid="online-allotment-state">{t(`turnos.online.state.${a.state}`)}</td>
                  <td>{t("turnos.online.hoursValue", { hours: Math.round(a.freeUnits / 1.2) / 10 })}</td>
                  <td>{a.onlineBookings}</td>
                  <td>
                    {(a.state === "granting" || a.state === "held") && (
                      <button type="button" data-testid="online-reclaim" onClick={() => void reclaim(a.id)}>
                        {t("turnos.online.reclaim")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
