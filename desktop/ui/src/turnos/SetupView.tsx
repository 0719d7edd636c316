import type { Professional, Service, TurnoException, TurnosSetup } from "@mostrador/contracts/http/turnos";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import { useCallback, useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useSession } from "../session/session-store.js";
import { useNotices } from "../notices/notice-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { parsePesos } from "../input/parse-decimal.js";
import { MoneyInput } from "../shared/MoneyInput.js";
import { addDays, hhmm, minuteOf } from "./calendar-logic.js";
import { type DayHours, formOfHours, hoursOfForm, WEEKDAYS } from "./hours-form.js";
import {
  addException,
  addResource,
  listExceptions,
  removeException,
  saveProfessional,
  saveRules,
  saveService,
} from "./turnos-api.js";

/** Turnos setup (managers): booking rules, services, professionals with their week, days off and extra days. */
export function SetupView({ setup, onSaved }: { setup: TurnosSetup; onSaved: () => void }) {
  return (
    <div className="turnos-setup" data-testid="turnos-setup">
      <RulesForm setup={setup} onSaved={onSaved} />
      <ResourcesForm setup={setup} onSaved={onSaved} />
      <ServicesForm setup={setup} onSaved={onSaved} />
      <ProfessionalsForm setup={setup} onSaved={onSaved} />
      <ExceptionsForm setup={setup} />
    </div>
  );
}

type Props = { setup: TurnosSetup; onSaved: () => void };

function RulesForm({ setup, onSaved }: Props) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const [form, setForm] = useState(() => ({
    slotMinutes: String(setup.rules.slotMinutes),
    minNoticeMinutes: String(setup.rules.minNoticeMinutes),
    horizonDays: String(setup.rules.horizonDays),
    holdMinutes: String(setup.rules.holdMinutes),
    onlineDays: String(setup.rules.onlineDays ?? 14),
    waitlistOfferMinutes: String(setup.rules.waitlistOfferMinutes ?? 30),
  }));
  const [error, setError] = useState<string | null>(null);
  const fields = [
    "slotMinutes",
    "minNoticeMinutes",
    "horizonDays",
    "holdMinutes",
    "onlineDays",
    "waitlistOfferMinutes",
  ] as const;
  return (
    <form
      className="turnos-form"
      onSubmit={(e) => {
        e.preventDefault();
        const body = Object.fromEntries(fields.map((f) => [f, Number(form[f])])) as TurnosSetup["rules"];
        if (fields.some((f) => !Number.isInteger(body[f]))) return setError(t("turnos.badNumber"));
        saveRules(body)
          .then(() => {
            notify("info", t("turnos.saved"));
            onSaved();
          })
          .catch((err: unknown) => setError(format.error(err)));
      }}
    >
      <h3>{t("turnos.rules")}</h3>
      {fields.map((f) => (
        <label key={f}>
          {t(`turnos.rules.${f}`)}
          <input type="number" value={form[f]} onChange={(e) => setForm({ ...form, [f]: e.target.value })} />
        </label>
      ))}
      <ErrorText text={error} />
      <button type="submit">{t("common.save")}</button>
    </form>
  );
}

function ServicesForm({ setup, onSaved }: Props) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const empty = {
    id: null as string | null,
    name: "",
    duration: "30",
    before: "0",
    after: "0",
    price: "",
    deposit: "0",
    iva: "2100",
    copays: "",
    resourceIds: [] as string[],
  };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState<string | null>(null);
  const edit = (s: Service) =>
    setForm({
      id: s.id,
      name: s.name,
      duration: String(s.durationMinutes),
      before: String(s.bufferBeforeMinutes),
      after: String(s.bufferAfterMinutes),
      price: format.money(s.price).replace(/[^\d.,]/g, ""),
      deposit: format.money(s.deposit).replace(/[^\d.,]/g, ""),
      iva: String(s.ivaRate),
      copays: s.copays.map((c) => `${c.payer}=${format.money(c.copay).replace(/[^\d.,]/g, "")}`).join("; "),
      resourceIds: s.resourceIds,
    });
  const submit = () => {
    const copays = form.copays
      .split(";")
      .map((x) => x.trim())
      .filter(Boolean)
      .map((x) => {
        const [payer, amount] = x.split("=");
        const parsed = parsePesos((amount ?? "").trim());
        return { payer: (payer ?? "").trim(), copay: parsed.ok ? parsed.value : -1 };
      });
    if (copays.some((c) => !c.payer || c.copay < 0)) return setError(t("turnos.badCopays"));
    const price = parsePesos(form.price);
    const deposit = parsePesos(form.deposit);
    if (!price.ok || !deposit.ok) return setError(t("turnos.badMoney"));
    saveService(form.id, {
      name: form.name,
      durationMinutes: Number(form.duration),
      bufferBeforeMinutes: Number(form.before),
      bufferAfterMinutes: Number(form.after),
      price: price.value,
      deposit: deposit.value,
      ivaRate: Number(form.iva) as 0 | 1050 | 2100,
      copays,
      resourceIds: form.resourceIds,
    })
      .then(() => {
        notify("info", t("turnos.saved"));
        setForm(empty);
        setError(null);
        onSaved();
      })
      .catch((err: unknown) => setError(format.error(err)));
  };
  return (
    <section>
      <h3>{t("turnos.services")}</h3>
      <ul>
        {setup.services.map((s) => (
          <li key={s.id}>
            <button type="button" className="link" onClick={() => edit(s)}>
              {s.name}
            </button>{" "}
            {s.durationMinutes} min · {format.money(s.price)}
          </li>
        ))}
      </ul>
      <form
        className="turnos-form"
        data-testid="service-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label>
          {t("turnos.serviceName")}
          <input
            data-testid="service-name"
            value={form.name}
            maxLength={80}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </label>
        <label>
          {t("turnos.duration")}
          <input
            data-testid="service-duration"
            type="number"
            step={5}
            value={form.duration}
            onChange={(e) => setForm({ ...form, duration: e.target.value })}
          />
        </label>
        <label>
          {t("turnos.bufferBefore")}
          <input
            type="number"
            step={5}
            value={form.before}
            onChange={(e) => setForm({ ...form, before: e.target.value })}
          />
        </label>
        <label>
          {t("turnos.bufferAfter")}
          <input
            type="number"
            step={5}
            value={form.after}
            onChange={(e) => setForm({ ...form, after: e.target.value })}
          />
        </label>
        <label>
          {t("turnos.price")}
          <MoneyInput
            testId="service-price"
            value={form.price}
            onChange={(price) => setForm({ ...form, price })}
          />
        </label>
        <label>
          {t("turnos.deposit")}
          <MoneyInput
            testId="service-deposit"
            value={form.deposit}
            onChange={(deposit) => setForm({ ...form, deposit })}
          />
        </label>
        <label>
          {t("turnos.iva")}
          <select value={form.iva} onChange={(e) => setForm({ ...form, iva: e.target.value })}>
            <option value="2100">21 %</option>
            <option value="1050">10,5 %</option>
            <option value="0">{t("turnos.ivaExempt")}</option>
          </select>
        </label>
        <label>
          {t("turnos.copays")}
          <input
            value={form.copays}
            placeholder="OSDE=3000; Swiss Medical=2500"
            onChange={(e) => setForm({ ...form, copays: e.target.value })}
          />
        </label>
        {setup.resources.length > 0 && (
          <fieldset>
            <legend>{t("turnos.needsResource")}</legend>
            {setup.resources.map((r) => (
              <label key={r.id} className="inline">
                <input
                  type="checkbox"
                  checked={form.resourceIds.includes(r.id)}
                  onChange={(e) =>
                    setForm({
                      ...form,
                      resourceIds: e.target.checked
                        ? [...form.resourceIds, r.id]
                        : form.resourceIds.filter((x) => x !== r.id),
                    })
                  }
                />
                {r.name}
              </label>
            ))}
          </fieldset>
        )}
        <ErrorText text={error} />
        <button type="submit" data-testid="service-save">
          {form.id ? t("common.save") : t("turnos.addService")}
        </button>
      </form>
    </section>
  );
}

function ProfessionalsForm({ setup, onSaved }: Props) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const [id, setId] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  // The staff member who is this professional at the till ("" none): they see their own agenda first.
  const [staffId, setStaffId] = useState("");
  const staffOptions = useSession((s) => s.options?.staff ?? []);
  const [hours, setHours] = useState<Record<number, DayHours>>(() => formOfHours([]));
  const [error, setError] = useState<string | null>(null);
  const edit = (p: Professional) => {
    setId(p.id);
    setName(p.name);
    setServiceIds(p.serviceIds);
    setStaffId(p.staffId ?? "");
    setHours(formOfHours(p.hours));
  };
  const submit = () => {
    const rows = hoursOfForm(hours);
    if ("badWeekday" in rows)
      return setError(
        t("turnos.badHours", { day: t(`turnos.weekday.${rows.badWeekday as 0 | 1 | 2 | 3 | 4 | 5 | 6}`) }),
      );
    saveProfessional(id, { name, serviceIds, hours: rows, staffId: staffId || null })
      .then(() => {
        notify("info", t("turnos.saved"));
        setId(null);
        setName("");
        setServiceIds([]);
        setStaffId("");
        setHours(formOfHours([]));
        setError(null);
        onSaved();
      })
      .catch((err: unknown) => setError(format.error(err)));
  };
  const setDay = (d: number, patch: Partial<DayHours>) =>
    setHours({ ...hours, [d]: { ...(hours[d] as DayHours), ...patch } });
  return (
    <section>
      <h3>{t("turnos.professionals")}</h3>
      <ul>
        {setup.professionals.map((p) => (
          <li key={p.id}>
            <button type="button" className="link" onClick={() => edit(p)}>
              {p.name}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="turnos-form"
        data-testid="professional-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label>
          {t("turnos.professionalName")}
          <input
            data-testid="professional-name"
            value={name}
            maxLength={80}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          {t("turnos.staffLink")}
          <select
            data-testid="professional-staff"
            value={staffId}
            onChange={(e) => setStaffId(e.target.value)}
          >
            <option value="">{t("turnos.noStaffLink")}</option>
            {staffOptions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t("turnos.givesServices")}</legend>
          {setup.services.map((s) => (
            <label key={s.id} className="inline">
              <input
                type="checkbox"
                data-testid={`professional-service-${s.name}`}
                checked={serviceIds.includes(s.id)}
                onChange={(e) =>
                  setServiceIds(
                    e.target.checked ? [...serviceIds, s.id] : serviceIds.filter((x) => x !== s.id),
                  )
                }
              />
              {s.name}
            </label>
          ))}
        </fieldset>
        <table className="hours">
          <thead>
            <tr>
              <th />
              <th>{t("turnos.from")}</th>
              <th>{t("turnos.to")}</th>
              <th>{t("turnos.breakFrom")}</th>
              <th>{t("turnos.breakTo")}</th>
            </tr>
          </thead>
          <tbody>
            {WEEKDAYS.map((d) => {
              const h = hours[d] as DayHours;
              return (
                <tr key={d}>
                  <th>
                    <label className="inline">
                      <input
                        type="checkbox"
                        data-testid={`works-${d}`}
                        checked={h.works}
                        onChange={(e) => setDay(d, { works: e.target.checked })}
                      />
                      {t(`turnos.weekday.${d}`)}
                    </label>
                  </th>
                  <td>
                    <input value={h.from} size={5} onChange={(e) => setDay(d, { from: e.target.value })} />
                  </td>
                  <td>
                    <input value={h.to} size={5} onChange={(e) => setDay(d, { to: e.target.value })} />
                  </td>
                  <td>
                    <input
                      value={h.breakFrom}
                      size={5}
                      onChange={(e) => setDay(d, { breakFrom: e.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      value={h.breakTo}
                      size={5}
                      onChange={(e) => setDay(d, { breakTo: e.target.value })}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <ErrorText text={error} />
        <button type="submit" data-testid="professional-save">
          {id ? t("common.save") : t("turnos.addProfessional")}
        </button>
      </form>
    </section>
  );
}

function ExceptionsForm({ setup }: { setup: TurnosSetup }) {
  const t = useT();
  const format = useFormat();
  const today = dayKeyIn(new Date(), setup.timeZone);
  const [rows, setRows] = useState<TurnoException[]>([]);
  const [form, setForm] = useState({
    professionalId: "",
    day: today,
    kind: "closed" as "closed" | "extra",
    from: "",
    to: "",
    note: "",
  });
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    listExceptions(today, addDays(today, 60))
      .then((r) => setRows(r.exceptions))
      .catch((e: unknown) => setError(format.error(e)));
  }, [today, format]);
  useEffect(load, [load]);
  const proName = (id: string | null) =>
    setup.professionals.find((p) => p.id === id)?.name ?? t("turnos.everyone");
  const submit = () => {
    const whole = !form.from.trim() && !form.to.trim();
    const from = whole ? null : minuteOf(form.from);
    const to = whole ? null : minuteOf(form.to);
    if (!whole && (from === null || to === null)) return setError(t("turnos.badTime"));
    addException({
      professionalId: form.professionalId || null,
      day: form.day,
      kind: form.kind,
      startMinute: from,
      endMinute: to,
      note: form.note,
    })
      .then(() => {
        setError(null);
        load();
      })
      .catch((e: unknown) => setError(format.error(e)));
  };
  return (
    <section>
      <h3>{t("turnos.exceptions")}</h3>
      <ul>
        {rows.map((x) => (
          <li key={x.id}>
            {x.day} · {proName(x.professionalId)} · {t(`turnos.exception.${x.kind}`)}
            {x.startMinute !== null && x.endMinute !== null
              ? ` ${hhmm(x.startMinute)}–${hhmm(x.endMinute)}`
              : ""}{" "}
            {x.note}{" "}
            <button
              type="button"
              onClick={() => void removeException(x.id).then(load, (e: unknown) => setError(format.error(e)))}
            >
              {t("turnos.remove")}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="turnos-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <select
          value={form.professionalId}
          onChange={(e) => setForm({ ...form, professionalId: e.target.value })}
        >
          <option value="">{t("turnos.everyone")}</option>
          {setup.professionals.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <input type="date" value={form.day} onChange={(e) => setForm({ ...form, day: e.target.value })} />
        <select
          value={form.kind}
          onChange={(e) => setForm({ ...form, kind: e.target.value as "closed" | "extra" })}
        >
          <option value="closed">{t("turnos.exception.closed")}</option>
          <option value="extra">{t("turnos.exception.extra")}</option>
        </select>
        <input
          placeholder={t("turnos.from")}
          value={form.from}
          size={5}
          onChange={(e) => setForm({ ...form, from: e.target.value })}
        />
        <input
          placeholder={t("turnos.to")}
          value={form.to}
          size={5}
          onChange={(e) => setForm({ ...form, to: e.target.value })}
        />
        <input
          placeholder={t("turnos.notes")}
          value={form.note}
          maxLength={200}
          onChange={(e) => setForm({ ...form, note: e.target.value })}
        />
        <ErrorText text={error} />
        <button type="submit">{t("turnos.addException")}</button>
      </form>
    </section>
  );
}

/** Rooms and machines a service may need (one of them free for the whole turno). */
function ResourcesForm({ setup, onSaved }: Props) {
  const t = useT();
  const format = useFormat();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <section>
      <h3>{t("turnos.resources")}</h3>
      <ul>
        {setup.resources.map((r) => (
          <li key={r.id}>{r.name}</li>
        ))}
      </ul>
      <form
        className="turnos-form"
        onSubmit={(e) => {
          e.preventDefault();
          addResource(name)
            .then(() => {
              setName("");
              setError(null);
              onSaved();
            })
            .catch((err: unknown) => setError(format.error(err)));
        }}
      >
        <label>
          {t("turnos.resourceName")}
          <input value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        </label>
        <ErrorText text={error} />
        <button type="submit">{t("turnos.addResource")}</button>
      </form>
    </section>
  );
}
