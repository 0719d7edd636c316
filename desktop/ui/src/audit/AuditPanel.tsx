import { query } from "@mostrador/contracts/http-client";
import { useEffect, useState } from "react";
import { get } from "../api/client.js";
import type { AuditView, StaffMember } from "@mostrador/contracts/http/staff";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { Pager } from "../shared/Pager.js";
import { useSession } from "../session/session-store.js";
import { dayRangeQuery } from "../shared/day-range.js";
import { DayRangeFields } from "../shared/DayRangeFields.js";
import { ErrorText } from "../shared/ErrorText.js";
import { useLocale } from "../i18n/locale-store.js";
import { auditActionName } from "./action-names.js";
import "./audit.css";

const PAGE = 50;

/** A row's details as short "key: value" text (the log keeps them as JSON). */
const detailsText = (details: Record<string, unknown>) =>
  Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ");

/**
 * The audit log (staff.manage): who did what sensitive thing and when, newest first. Filters by person,
 * action (or family: "sale" is every sale.*) and days of the shop's calendar; pages of 50.
 */
export function AuditPanel() {
  const t = useT();
  const format = useFormat();
  const locale = useLocale((s) => s.locale);
  const timeZone = useSession((s) => s.settings?.timeZone ?? "America/Argentina/Buenos_Aires");
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [actions, setActions] = useState<string[]>([]);
  const [staffId, setStaffId] = useState("");
  const [action, setAction] = useState("");
  const [fromDay, setFromDay] = useState("");
  const [toDay, setToDay] = useState("");
  const [offset, setOffset] = useState(0);
  const [rows, setRows] = useState<AuditView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // runs on mount, not on every render.
  useEffect(() => {
    get<StaffMember[]>("/api/staff")
      .then(setStaff)
      .catch((e) => setError(format.error(e)));
    get<string[]>("/api/audit/actions")
      .then(setActions)
      .catch((e) => setError(format.error(e)));
  }, []);

  // runs when a filter or the page changes, not on every render.
  useEffect(() => {
    setError(null);
    const q = {
      ...dayRangeQuery(fromDay, toDay, timeZone),
      staffId: staffId || undefined,
      action: action || undefined,
      limit: PAGE,
      offset,
    };
    get<AuditView[]>(`/api/audit${query(q)}`)
      .then(setRows)
      .catch((e) => setError(format.error(e)));
  }, [staffId, action, fromDay, toDay, offset, timeZone]);

  const filter = (apply: () => void) => {
    apply();
    setOffset(0);
  };
  const families = [...new Set(actions.map((a) => a.split(".")[0]!))].filter((f) => !actions.includes(f));

  return (
    <div className="card audit-panel" role="tabpanel" data-testid="audit-panel">
      <h2>{t("audit.title")}</h2>
      <div className="audit-filters">
        <label>
          {t("audit.who")}
          <select
            value={staffId}
            data-testid="audit-staff"
            onChange={(e) => filter(() => setStaffId(e.target.value))}
          >
            <option value="">{t("audit.anyone")}</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("audit.action")}
          <select
            value={action}
            data-testid="audit-action"
            onChange={(e) => filter(() => setAction(e.target.value))}
          >
            <option value="">{t("audit.anyAction")}</option>
            {families.map((f) => (
              <option key={`family-${f}`} value={f}>
                {t("audit.family", { family: f })}
              </option>
            ))}
            {actions.map((a) => (
              <option key={a} value={a}>
                {auditActionName(locale, a)}
              </option>
            ))}
          </select>
        </label>
        <DayRangeFields
          fromDay={fromDay}
          toDay={toDay}
          testId="audit-range"
          onChange={(from, to) =>
            filter(() => {
              setFromDay(from);
              setToDay(to);
            })
          }
        />
      </div>
      <ErrorText text={error} testId="audit-error" />
      <table className="list static" data-testid="audit-list">
        <thead>
          <tr>
            <th>{t("audit.when")}</th>
            <th>{t("audit.who")}</th>
            <th>{t("audit.action")}</th>
            <th>{t("audit.details")}</th>
          </tr>
        </thead>
        <tbody>
          {rows?.map((r, i) => (
            <tr key={`${r.at}-${i}`} data-testid="audit-row" data-action={r.action}>
              <td className="num">{format.dateTime(r.at)}</td>
              <td>{r.staffName ?? "—"}</td>
              <td title={r.action}>{auditActionName(locale, r.action)}</td>
              <td className="audit-details">{detailsText(r.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows?.length === 0 && (
        <p className="muted" data-testid="audit-empty">
          {t("common.none")}
        </p>
      )}
      <Pager
        offset={offset}
        pageSize={PAGE}
        shown={rows?.length ?? null}
        onOffset={setOffset}
        testId="audit"
      />
    </div>
  );
}
