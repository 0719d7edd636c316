import {
  BAUD_RATES,
  type CardReader,
  CARD_READER_KINDS,
  CARD_READER_NAME_MAX,
  SERIAL_FORMATS,
  SERIAL_PATH_MAX,
} from "@mostrador/contracts/http/card-readers";
import type { ManagedTerminal } from "@mostrador/contracts/http/settings";
import { ID_MAX_LENGTH } from "@mostrador/contracts/mqtt/ids";
import { UID_BYTE_ORDERS, UID_NUMBER_FORMATS } from "@mostrador/contracts/card-readers/uid";
import { useEffect, useState } from "react";
import { del, get, patch, post } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { useCardTaps } from "./card-tap-store.js";
import { CardWedgeField } from "./CardWedgeField.js";
import {
  EMPTY_READER_FORM,
  readerBodyOf,
  type ReaderForm,
  readerFormOf,
  usesNumberFormat,
} from "./reader-form.js";
import "./card-readers.css";

/**
 * Ajustes → Lectores de tarjetas (settings.edit): the shop's card readers with what each is doing, a form
 * to add or change one (kind, its port or node, how it writes UIDs, its till), and "Acercá una tarjeta para
 * probar": the last UID the selected reader read, live (serial and ESP32 readers through /api/events; a
 * keyboard reader typed into the field here), so the owner sees the format is right before the bar opens.
 */
export function CardReadersSection() {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const [readers, setReaders] = useState<CardReader[] | null>(null);
  const [tills, setTills] = useState<ManagedTerminal[]>([]);
  const [form, setForm] = useState<ReaderForm>(EMPTY_READER_FORM);
  const [editing, setEditing] = useState<string | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const liveTaps = useCardTaps((s) => s.byReader);

  const load = async () => {
    const list = await get<CardReader[]>("/api/card-readers");
    setReaders(list);
    return list;
  };
  // runs on mount, not on every render.
  useEffect(() => {
    load().catch((e) => setError(format.error(e)));
    get<ManagedTerminal[]>("/api/settings/terminals")
      .then((list) => setTills(list.filter((x) => x.retiredAt === null)))
      .catch(() => setTills([]));
  }, []);
  // The state of serial readers (open, retrying, throttled) changes on its own: re-read it now and then.
  useEffect(() => {
    const timer = setInterval(() => void load().catch(() => {}), 3000);
    return () => clearInterval(timer);
  }, []);

  const set = <K extends keyof ReaderForm>(key: K, value: ReaderForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = readerBodyOf(form);
      const saved = editing
        ? await patch<CardReader>(`/api/card-readers/${editing}`, body)
        : await post<CardReader>("/api/card-readers", body);
      notify("info", t("cardReaders.saved", { name: saved.name }));
      setEditing(null);
      setForm(EMPTY_READER_FORM);
      setTesting(saved.id);
      await load();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (reader: CardReader) => {
    setBusy(true);
    setError(null);
    try {
      await del(`/api/card-readers/${reader.id}`);
      notify("info", t("cardReaders.removed", { name: reader.name }));
      if (testing === reader.id) setTesting(null);
      if (editing === reader.id) {
        setEditing(null);
        setForm(EMPTY_READER_FORM);
      }
      await load();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  const tillName = (id: string | null) =>
    id === null ? t("cardReaders.anyTill") : (tills.find((x) => x.id === id)?.name ?? "—");
  const tested = readers?.find((r) => r.id === testing) ?? readers?.[0] ?? null;
  const lastTap = tested ? (liveTaps[tested.id] ?? tested.lastTap) : null;

  return (
    <>
      <div className="card card-readers" data-testid="settings-card-readers">
        <h2>{t("cardReaders.title")}</h2>
        <p className="muted">{t("cardReaders.help")}</p>
        {readers && readers.length === 0 && <p data-testid="card-readers-empty">{t("cardReaders.none")}</p>}
        {readers && readers.length > 0 && (
          <table className="card-readers-table">
            <thead>
              <tr>
                <th>{t("cardReaders.name")}</th>
                <th>{t("cardReaders.kind")}</th>
                <th>{t("cardReaders.till")}</th>
                <th>{t("cardReaders.state")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {readers.map((r) => (
                <tr key={r.id} data-testid="card-reader-row" data-name={r.name}>
                  <td>{r.name}</td>
                  <td>{t(`cardReaders.kind.${r.kind}`)}</td>
                  <td>{tillName(r.terminalId)}</td>
                  <td data-testid="card-reader-state">
                    {t(`cardReaders.state.${r.state}`)}
                    {r.problem && <div className="warning">{r.problem}</div>}
                  </td>
                  <td className="card-readers-actions">
                    <button
                      type="button"
                      data-testid="card-reader-edit"
                      disabled={busy}
                      onClick={() => {
                        setEditing(r.id);
                        setForm(readerFormOf(r));
                        setTesting(r.id);
                      }}
                    >
                      {t("cardReaders.edit")}
                    </button>
                    <button
                      type="button"
                      data-testid="card-reader-remove"
                      disabled={busy}
                      onClick={() => void remove(r)}
                    >
                      {t("cardReaders.remove")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h3>{editing ? t("cardReaders.editTitle") : t("cardReaders.addTitle")}</h3>
        <div className="form-grid">
          <label>
            {t("cardReaders.name")}
            <input
              data-testid="card-reader-name"
              maxLength={CARD_READER_NAME_MAX}
              placeholder={t("cardReaders.namePlaceholder")}
              value={form.name}
              onChange={(e) => set("name", e.target.value)}
            />
          </label>
          <label>
            {t("cardReaders.kind")}
            <select
              data-testid="card-reader-kind"
              value={form.kind}
              onChange={(e) => set("kind", e.target.value as ReaderForm["kind"])}
            >
              {CARD_READER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`cardReaders.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("cardReaders.till")}
            <select
              data-testid="card-reader-till"
              value={form.terminalId}
              onChange={(e) => set("terminalId", e.target.value)}
            >
              <option value="">{t("cardReaders.anyTill")}</option>
              {tills.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
          {form.kind === "serial" && (
            <>
              <label>
                {t("cardReaders.serialPath")}
                <input
                  data-testid="card-reader-serial-path"
                  maxLength={SERIAL_PATH_MAX}
                  placeholder="/dev/ttyUSB0"
                  value={form.serialPath}
                  onChange={(e) => set("serialPath", e.target.value)}
                />
              </label>
              <label>
                {t("cardReaders.baudRate")}
                <select
                  data-testid="card-reader-baud"
                  value={form.baudRate}
                  onChange={(e) => set("baudRate", Number(e.target.value))}
                >
                  {BAUD_RATES.map((b) => (
                    <option key={b} value={b}>
                      {b}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t("cardReaders.serialFormat")}
                <select
                  data-testid="card-reader-serial-format"
                  value={form.serialFormat}
                  onChange={(e) => set("serialFormat", e.target.value as ReaderForm["serialFormat"])}
                >
                  {SERIAL_FORMATS.map((f) => (
                    <option key={f} value={f}>
                      {t(`cardReaders.serialFormat.${f}`)}
                    </option>
                  ))}
                </select>
              </label>
            </>
          )}
          {form.kind === "mqtt" && (
            <>
              <label>
                {t("cardReaders.deviceSlug")}
                <input
                  data-testid="card-reader-device"
                  maxLength={ID_MAX_LENGTH}
                  placeholder="barra-nodo"
                  value={form.deviceSlug}
                  onChange={(e) => set("deviceSlug", e.target.value)}
                />
              </label>
              <label>
                {t("cardReaders.readerKey")}
                <input
                  data-testid="card-reader-key"
                  maxLength={ID_MAX_LENGTH}
                  value={form.readerKey}
                  onChange={(e) => set("readerKey", e.target.value)}
                />
              </label>
            </>
          )}
          {usesNumberFormat(form) && (
            <label>
              {t("cardReaders.numberFormat")}
              <select
                data-testid="card-reader-number-format"
                value={form.numberFormat}
                onChange={(e) => set("numberFormat", e.target.value as ReaderForm["numberFormat"])}
              >
                {UID_NUMBER_FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {t(`cardReaders.numberFormat.${f}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t("cardReaders.byteOrder")}
            <select
              data-testid="card-reader-byte-order"
              value={form.byteOrder}
              onChange={(e) => set("byteOrder", e.target.value as ReaderForm["byteOrder"])}
            >
              {UID_BYTE_ORDERS.map((o) => (
                <option key={o} value={o}>
                  {t(`cardReaders.byteOrder.${o}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ErrorText text={error} testId="card-reader-error" />
        <div className="row">
          <button
            type="button"
            className="primary"
            data-testid="card-reader-save"
            disabled={busy}
            onClick={() => void save()}
          >
            {editing ? t("common.save") : t("cardReaders.add")}
          </button>
          {editing && (
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                setEditing(null);
                setForm(EMPTY_READER_FORM);
              }}
            >
              {t("common.cancel")}
            </button>
          )}
        </div>
      </div>
      {tested && (
        <div className="card card-reader-test" data-testid="card-reader-test">
          <h2>{t("cardReaders.testTitle")}</h2>
          <label>
            {t("cardReaders.testReader")}
            <select
              data-testid="card-reader-test-reader"
              value={tested.id}
              onChange={(e) => setTesting(e.target.value)}
            >
              {(readers ?? []).map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          {tested.kind === "keyboard" ? (
            <CardWedgeField key={tested.id} reader={tested} />
          ) : (
            <p className="card-reader-uid" data-testid="card-reader-test-uid" aria-live="polite">
              {lastTap ? lastTap.uid : t("cardReaders.testWaiting")}
            </p>
          )}
          {lastTap && tested.kind !== "keyboard" && (
            <p className="muted" data-testid="card-reader-test-at">
              {t("cardReaders.testAt", { at: format.time(lastTap.at) })}
            </p>
          )}
        </div>
      )}
    </>
  );
}
