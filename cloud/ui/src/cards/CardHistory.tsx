import type { CardHistoryAnswer } from "@mostrador/contracts/http/cloud-cards";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { kindKey, methodKey, statusKey } from "./labels.js";

/** One card: its movements oldest first with the balance after each, and the statuses it went through. */
export function CardHistory({ cardId, onClose }: { cardId: string; onClose(): void }) {
  const t = useT();
  const f = useFormat();
  const { data, error, loading, reload } = useLoad<CardHistoryAnswer>(
    get,
    `/v1/dashboard/cards/${encodeURIComponent(cardId)}`,
  );
  const label = (key: ReturnType<typeof kindKey>, raw: string) => (key ? t(key) : raw);
  return (
    <div className="card cards-history" data-testid="cards-history">
      <div className="toolbar">
        <h2 className="grow">
          {t("cards.historyOf", { uid: data?.card.uid ?? data?.card.printedNumber ?? cardId.slice(0, 8) })}
        </h2>
        <button onClick={onClose} data-testid="cards-history-close">
          {t("cards.close")}
        </button>
      </div>
      <Status loading={loading && !data} error={error} reload={reload} />
      {data ? (
        <>
          <p data-testid="cards-history-summary">
            {t("cards.historySummary", {
              status: label(statusKey(data.card.status), data.card.status ?? ""),
              balance: f.money(data.card.balance),
              store: data.card.storeName,
            })}
          </p>
          <table data-testid="cards-history-table">
            <thead>
              <tr>
                <th>{t("cards.when")}</th>
                <th>{t("cards.movement")}</th>
                <th>{t("cards.method")}</th>
                <th className="num">{t("cards.amount")}</th>
                <th className="num">{t("cards.balanceAfter")}</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.id} data-testid="cards-history-row">
                  <td>{f.dateTime(e.createdAt, data.timeZone)}</td>
                  <td>{label(kindKey(e.kind), e.kind)}</td>
                  <td>{e.method ? label(methodKey(e.method), e.method) : "—"}</td>
                  <td className="num">{f.money(e.amount)}</td>
                  <td className="num">{f.money(e.balanceAfter)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small" data-testid="cards-history-states">
            {data.states
              .map((s) => `${label(statusKey(s.status), s.status)} ${f.dateTime(s.at, data.timeZone)}`)
              .join(" → ")}
          </p>
        </>
      ) : null}
    </div>
  );
}
