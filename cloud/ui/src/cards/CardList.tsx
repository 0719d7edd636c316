import { query } from "@mostrador/contracts/http-client";
import { CARD_LIST_STATUSES, type CardListAnswer } from "@mostrador/contracts/http/cloud-cards";
import { useState } from "react";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { type MessageKey, useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { statusKey } from "./labels.js";

/** The cards (newest first), found by part of the UID or printed number, filtered by status. */
export function CardList({ storeId, onPick }: { storeId: string | null; onPick(id: string): void }) {
  const t = useT();
  const f = useFormat();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState("");
  const { data, error, loading, reload } = useLoad<CardListAnswer>(
    get,
    `/v1/dashboard/cards${query({ storeId, status, search: search.trim() })}`,
  );
  const statusText = (s: string | null) => {
    const key = statusKey(s);
    return key ? t(key) : (s ?? "");
  };
  return (
    <>
      <h2>{t("cards.list")}</h2>
      <div className="toolbar">
        <input
          data-testid="cards-search"
          className="grow"
          placeholder={t("cards.search")}
          aria-label={t("cards.search")}
          maxLength={40}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <select
          data-testid="cards-status"
          aria-label={t("cards.status")}
          value={status}
          onChange={(e) => setStatus(e.target.value)}
        >
          <option value="">{t("cards.anyStatus")}</option>
          {CARD_LIST_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`cards.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <Status loading={loading && !data} error={error} reload={reload} />
      <table data-testid="cards-table">
        <thead>
          <tr>
            <th>{t("cards.uid")}</th>
            <th>{t("cards.printedNumber")}</th>
            <th>{t("common.store")}</th>
            <th>{t("cards.status")}</th>
            <th className="num">{t("cards.balance")}</th>
            <th>{t("cards.lastMovement")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data?.cards.map((c) => (
            <tr key={c.id} data-testid="cards-row">
              <td>
                <code>{c.uid ?? "—"}</code>
              </td>
              <td>{c.printedNumber ?? "—"}</td>
              <td>{c.storeName}</td>
              <td>
                <span className={c.status === "blocked" ? "badge danger" : "badge"}>
                  {statusText(c.status)}
                </span>
              </td>
              <td className="num">{f.money(c.balance)}</td>
              <td>{c.lastMovementAt ? f.dateTime(c.lastMovementAt, c.timeZone) : "—"}</td>
              <td>
                <button data-testid="cards-open" onClick={() => onPick(c.id)}>
                  {t("cards.history")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data ? (
        <p className="muted small" data-testid="cards-count">
          {t("cards.shown", { shown: data.cards.length, total: data.total })}
        </p>
      ) : null}
    </>
  );
}
