import {
  INTERACTION_KINDS,
  LEAD_STAGES,
  type InteractionKind,
  type LeadDetail,
} from "@mostrador/contracts/http/cloud-operator";
import { type FormEvent, useState } from "react";
import { useLoad } from "../api/use-load.js";
import { useLocale } from "../i18n/i18n.js";
import { opApi, opGet } from "./api.js";
import { formatInstant } from "./format.js";
import { opErrorText, useOpT } from "./i18n.js";

/** One lead: move it between stages, record calls, emails and WhatsApp notes, and its tasks. */
export function LeadPanel({ id, onChanged, onClose }: { id: string; onChanged(): void; onClose(): void }) {
  const t = useOpT();
  const locale = useLocale((s) => s.locale);
  const loaded = useLoad(opGet<LeadDetail>, `/v1/operator/leads/${id}`);
  const [fresh, setFresh] = useState<LeadDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<InteractionKind>("call");
  const [note, setNote] = useState("");
  const [title, setTitle] = useState("");
  const [due, setDue] = useState("");
  const detail = fresh?.lead.id === id ? fresh : loaded.data;

  async function act(path: string, body?: unknown): Promise<boolean> {
    setError(null);
    try {
      setFresh(await opApi.post<LeadDetail>(`/v1/operator/leads/${id}${path}`, body));
      onChanged();
      return true;
    } catch (err) {
      setError(opErrorText(locale, err));
      return false;
    }
  }
  async function addInteraction(event: FormEvent) {
    event.preventDefault();
    if (await act("/interactions", { kind, note })) setNote("");
  }
  async function addTask(event: FormEvent) {
    event.preventDefault();
    // The datetime-local field is the operator's local time; the API takes an instant.
    if (await act("/tasks", { title, dueAt: new Date(due).toISOString() })) {
      setTitle("");
      setDue("");
    }
  }

  if (!detail) return <p className="muted">{t("op.loading")}</p>;
  const { lead } = detail;
  return (
    <aside className="card op-lead-panel" data-testid="op-lead-panel">
      <header className="toolbar">
        <h2 className="grow">{lead.businessName}</h2>
        <button type="button" onClick={onClose}>
          {t("op.leads.close")}
        </button>
      </header>
      <p className="muted small">
        {[lead.contactName, lead.email, lead.phone, lead.rubro].filter(Boolean).join(" · ")}
      </p>
      <div className="toolbar" role="group" aria-label={t("op.leads.moveTo")}>
        <span>{t("op.leads.moveTo")}:</span>
        {LEAD_STAGES.map((stage) => (
          <button
            key={stage}
            type="button"
            data-testid={`op-stage-${stage}`}
            className={stage === lead.stage ? "selected" : ""}
            aria-pressed={stage === lead.stage}
            disabled={stage === lead.stage}
            onClick={() => void act("/stage", { stage })}
          >
            {t(`op.stage.${stage}`)}
          </button>
        ))}
      </div>
      {error ? (
        <p className="error" role="alert" data-testid="op-lead-error">
          {error}
        </p>
      ) : null}
      <h3>{t("op.leads.history")}</h3>
      <ol className="small" data-testid="op-lead-history">
        {detail.stages.map((s, i) => (
          <li key={i}>
            {t(`op.stage.${s.to}`)} — {formatInstant(s.at, locale)}
          </li>
        ))}
      </ol>
      <h3>{t("op.leads.interactions")}</h3>
      <form className="toolbar" onSubmit={addInteraction}>
        <label>
          {t("op.leads.kind")}
          <select
            data-testid="op-interaction-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as InteractionKind)}
          >
            {INTERACTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`op.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          {t("op.leads.note")}
          <input
            data-testid="op-interaction-note"
            value={note}
            maxLength={2000}
            required
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        <button type="submit" data-testid="op-interaction-submit">
          {t("op.leads.addInteraction")}
        </button>
      </form>
      <ul className="small" data-testid="op-interactions">
        {detail.interactions.map((i) => (
          <li key={i.id}>
            <strong>{t(`op.kind.${i.kind}`)}</strong> {i.note}{" "}
            <span className="muted">
              — {i.operatorEmail}, {formatInstant(i.at, locale)}
            </span>
          </li>
        ))}
      </ul>
      <h3>{t("op.leads.tasks")}</h3>
      <form className="toolbar" onSubmit={addTask}>
        <label className="grow">
          {t("op.leads.task")}
          <input
            data-testid="op-task-title"
            value={title}
            maxLength={200}
            required
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label>
          {t("op.leads.due")}
          <input
            data-testid="op-task-due"
            type="datetime-local"
            value={due}
            required
            onChange={(e) => setDue(e.target.value)}
          />
        </label>
        <button type="submit" data-testid="op-task-submit">
          {t("op.leads.addTask")}
        </button>
      </form>
      <ul className="small" data-testid="op-tasks">
        {detail.tasks.map((task) => (
          <li key={task.id}>
            {task.title} — {formatInstant(task.dueAt, locale)}{" "}
            {task.overdue ? <span className="badge danger">{t("op.leads.overdueTag")}</span> : null}
            {task.doneAt ? (
              <span className="muted"> ✓ {formatInstant(task.doneAt, locale)}</span>
            ) : (
              <button type="button" onClick={() => void act(`/tasks/${task.id}/done`)}>
                {t("op.leads.done")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}
