import type { SegmentCount, SegmentList, SegmentView } from "@mostrador/contracts/http/cloud-campaigns";
import type { CategoriesAnswer } from "@mostrador/contracts/http/cloud-catalog";
import type { StoresAnswer } from "@mostrador/contracts/http/dashboard";
import { COMPARISONS } from "@mostrador/contracts/marketing/segment-rules";
import { useEffect, useState } from "react";
import { get, post, put } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { type MessageKey, useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import {
  ALL_FIELDS,
  emptyRow,
  isNumberField,
  isWindowed,
  type RuleRow,
  rowsToRule,
  ruleToRows,
} from "./segment-rows.js";
import "./campaigns.css";

/** How long the editor waits after the last keystroke before asking for the live count. */
const COUNT_DEBOUNCE_MS = 400;

/** "Segmentos": the saved segments (counted now) and the rule editor with its live count. */
export function SegmentsScreen() {
  const t = useT();
  const list = useLoad<SegmentList>(get, "/v1/segments");
  const [editing, setEditing] = useState<SegmentView | "new" | null>(null);
  return (
    <section className="campaigns">
      <h2>{t("segments.title")}</h2>
      <p className="muted">{t("segments.intro")}</p>
      <Status loading={list.loading && !list.data} error={list.error} reload={list.reload} />
      <button data-testid="segment-new" onClick={() => setEditing("new")}>
        {t("segments.new")}
      </button>
      {editing && (
        <SegmentEditor
          key={editing === "new" ? "new" : editing.id}
          segment={editing === "new" ? null : editing}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {list.data && list.data.segments.length === 0 && <p className="muted">{t("segments.none")}</p>}
      {list.data && list.data.segments.length > 0 && (
        <table className="campaigns-table" data-testid="segments-list">
          <thead>
            <tr>
              <th>{t("segments.name")}</th>
              <th>{t("segments.customers")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.segments.map((s) => (
              <tr key={s.id} data-testid="segment-row">
                <td>{s.name}</td>
                <td data-testid="segment-count">{s.count}</td>
                <td>
                  <button onClick={() => setEditing(s)}>{t("segments.edit")}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function SegmentEditor(props: { segment: SegmentView | null; onSaved(): void; onCancel(): void }) {
  const t = useT();
  const f = useFormat();
  const initial = (props.segment && ruleToRows(props.segment.rule)) ?? {
    mode: "all" as const,
    rows: [emptyRow()],
  };
  const [name, setName] = useState(props.segment?.name ?? "");
  const [mode, setMode] = useState<"all" | "any">(initial.mode);
  const [rows, setRows] = useState<RuleRow[]>(initial.rows);
  const [count, setCount] = useState<SegmentCount | null>(null);
  const [countError, setCountError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // What a store or category condition picks from, by name.
  const stores = useLoad<StoresAnswer>(get, "/v1/dashboard/stores");
  const categories = useLoad<CategoriesAnswer>(get, "/v1/dashboard/categories");
  const rule = rowsToRule(mode, rows);
  const ruleKey = JSON.stringify(rule);

  // The live count: one request after the owner stops typing; a stale answer is dropped.
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      post<SegmentCount>("/v1/segments/count", { rule: JSON.parse(ruleKey) as unknown }).then(
        (answer) => {
          if (!current) return;
          setCount(answer);
          setCountError(null);
        },
        (err: unknown) => {
          if (!current) return;
          setCount(null);
          setCountError(f.error(err));
        },
      );
    }, COUNT_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [ruleKey, f]);

  const change = (i: number, patch: Partial<RuleRow>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  async function save() {
    setError(null);
    try {
      if (props.segment) await put(`/v1/segments/${props.segment.id}`, { name, rule });
      else await post("/v1/segments", { name, rule });
      props.onSaved();
    } catch (err) {
      setError(f.error(err));
    }
  }

  return (
    <form
      className="campaigns-editor"
      data-testid="segment-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        {t("segments.name")}
        <input
          data-testid="segment-name"
          maxLength={120}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label>
        {t("segments.match")}
        <select
          data-testid="segment-mode"
          value={mode}
          onChange={(e) => setMode(e.target.value as "all" | "any")}
        >
          <option value="all">{t("segments.mode.all")}</option>
          <option value="any">{t("segments.mode.any")}</option>
        </select>
      </label>
      {rows.map((r, i) => (
        <div className="campaigns-rule" key={i} data-testid="segment-rule">
          <label className="campaigns-check">
            <input
              type="checkbox"
              data-testid="segment-rule-not"
              checked={r.not}
              onChange={(e) => change(i, { not: e.target.checked })}
            />
            {t("segments.not")}
          </label>
          <select
            data-testid="segment-rule-field"
            value={r.field}
            onChange={(e) =>
              change(i, { field: e.target.value, value: isNumberField(e.target.value) ? "1" : "" })
            }
          >
            {ALL_FIELDS.map((field) => (
              <option key={field} value={field}>
                {t(`segments.field.${field}` as MessageKey)}
              </option>
            ))}
          </select>
          {isNumberField(r.field) && (
            <select
              data-testid="segment-rule-op"
              value={r.op}
              onChange={(e) => change(i, { op: e.target.value as RuleRow["op"] })}
            >
              {COMPARISONS.map((op) => (
                <option key={op} value={op}>
                  {t(`segments.op.${op}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
          {r.field === "store" || r.field === "boughtCategory" ? (
            <select
              data-testid="segment-rule-choice"
              aria-label={t("segments.value")}
              value={r.value}
              onChange={(e) => change(i, { value: e.target.value })}
            >
              <option value="">—</option>
              {(r.field === "store" ? (stores.data?.stores ?? []) : (categories.data?.categories ?? [])).map(
                (x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ),
              )}
            </select>
          ) : (
            <input
              data-testid="segment-rule-value"
              aria-label={t("segments.value")}
              inputMode={isNumberField(r.field) ? "numeric" : "text"}
              value={r.value}
              onChange={(e) => change(i, { value: e.target.value })}
            />
          )}
          {isWindowed(r.field) && (
            <label>
              {t("segments.withinDays")}
              <input
                data-testid="segment-rule-days"
                inputMode="numeric"
                size={4}
                value={r.withinDays}
                onChange={(e) => change(i, { withinDays: e.target.value })}
              />
            </label>
          )}
          <button
            type="button"
            data-testid="segment-rule-remove"
            onClick={() => setRows(rows.filter((_, j) => j !== i))}
          >
            {t("segments.remove")}
          </button>
        </div>
      ))}
      <div className="campaigns-actions">
        <button type="button" data-testid="segment-rule-add" onClick={() => setRows([...rows, emptyRow()])}>
          {t("segments.addRule")}
        </button>
        <span className="campaigns-count" data-testid="segment-live-count" role="status">
          {count
            ? t("segments.liveCount", {
                count: count.count,
                email: count.optedIn.email,
                whatsapp: count.optedIn.whatsapp,
              })
            : (countError ?? t("common.loading"))}
        </span>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="segment-error">
          {error}
        </p>
      )}
      <div className="campaigns-actions">
        <button type="submit" data-testid="segment-save">
          {t("common.save")}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
