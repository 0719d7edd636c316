import type { CustomerHoldings } from "@mostrador/contracts/http/cloud-accounts";
import { parsePrice } from "@mostrador/contracts/format";
import { useState } from "react";
import { get, post } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";

type Kind = "credit" | "points";

/**
 * Who holds what of one customer's credit and points (cloud/src/accounts/owner-allowances.ts): every
 * store's allowance and what no store holds. The owner grants a store part of the unassigned, or recalls
 * part of what a store holds — the store hands back what it has not spent (docs/ownership.md).
 */
export function HoldingsPanel(props: {
  customerId: string;
  name: string;
  onChanged: () => void;
  onClose: () => void;
}) {
  const t = useT();
  const f = useFormat();
  const path = `/v1/dashboard/accounts/${props.customerId}/holdings`;
  const { data, error, loading, reload } = useLoad<CustomerHoldings>(get, path);
  const [kind, setKind] = useState<Kind>("credit");
  const [storeId, setStoreId] = useState("");
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const show = (k: Kind, n: number) => (k === "credit" ? f.money(n) : n.toLocaleString(f.locale));
  const chosenStore = storeId || data?.credit.stores[0]?.storeId || "";

  const move = async (what: "grants" | "recalls") => {
    const trimmed = text.trim();
    const amount =
      kind === "credit" ? parsePrice(trimmed, f.locale) : /^\d+$/.test(trimmed) ? Number(trimmed) : null;
    setDone(null);
    if (amount === null || amount <= 0) return setProblem(t("accounts.badAmount"));
    setBusy(true);
    setProblem(null);
    try {
      await post<CustomerHoldings>(`/v1/dashboard/accounts/${props.customerId}/${what}`, {
        storeId: chosenStore,
        kind,
        amount,
      });
      setText("");
      setDone(t(what === "grants" ? "accounts.granted" : "accounts.recalled"));
      reload();
      props.onChanged();
    } catch (err) {
      setProblem(f.error(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card holdings" data-testid="accounts-holdings">
      <h3>{t("accounts.holdingsOf", { name: props.name })}</h3>
      <p className="muted">{t("accounts.holdingsHelp")}</p>
      <Status loading={loading && !data} error={error} reload={reload} />
      {data &&
        (["credit", "points"] as const).map((k) => (
          <table key={k} data-testid={`accounts-holdings-${k}`}>
            <thead>
              <tr>
                <th>{t(k === "credit" ? "accounts.creditKind" : "accounts.pointsKind")}</th>
                <th className="num">{t("accounts.storeHeld")}</th>
                <th className="num">{t("accounts.recallPending")}</th>
              </tr>
            </thead>
            <tbody>
              {data[k].stores.map((s) => (
                <tr key={s.storeId} data-testid={`accounts-holding-${k}`}>
                  <td>{s.storeName}</td>
                  <td className="num">{show(k, s.held)}</td>
                  <td className="num">{s.recallPending > 0 ? show(k, s.recallPending) : ""}</td>
                </tr>
              ))}
              <tr data-testid={`accounts-unallocated-${k}`}>
                <td>{t("accounts.unallocated")}</td>
                <td className="num">{show(k, data[k].unallocated)}</td>
                <td />
              </tr>
            </tbody>
          </table>
        ))}
      {data && (
        <form
          className="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            void move("grants");
          }}
        >
          <select
            aria-label={t("accounts.store")}
            value={chosenStore}
            data-testid="accounts-move-store"
            onChange={(e) => setStoreId(e.target.value)}
          >
            {data.credit.stores.map((s) => (
              <option key={s.storeId} value={s.storeId}>
                {s.storeName}
              </option>
            ))}
          </select>
          <select
            aria-label={t("accounts.creditKind")}
            value={kind}
            data-testid="accounts-move-kind"
            onChange={(e) => setKind(e.target.value as Kind)}
          >
            <option value="credit">{t("accounts.creditKind")}</option>
            <option value="points">{t("accounts.pointsKind")}</option>
          </select>
          <input
            value={text}
            inputMode="decimal"
            aria-label={t("accounts.moveAmount")}
            placeholder={t("accounts.moveAmount")}
            data-testid="accounts-move-amount"
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" disabled={busy} data-testid="accounts-grant">
            {t("accounts.grant")}
          </button>
          <button
            type="button"
            disabled={busy}
            data-testid="accounts-recall"
            onClick={() => void move("recalls")}
          >
            {t("accounts.recall")}
          </button>
          <button type="button" data-testid="accounts-holdings-refresh" onClick={reload}>
            {t("accounts.refresh")}
          </button>
          <button type="button" onClick={props.onClose}>
            {t("accounts.close")}
          </button>
        </form>
      )}
      {problem && (
        <div className="error" role="alert" data-testid="accounts-move-error">
          {problem}
        </div>
      )}
      {done && (
        <p className="ok" data-testid="accounts-move-done">
          {done}
        </p>
      )}
    </div>
  );
}
