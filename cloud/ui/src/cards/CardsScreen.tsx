import { query } from "@mostrador/contracts/http-client";
import type { CardReportAnswer } from "@mostrador/contracts/http/cloud-cards";
import type { StoresAnswer } from "@mostrador/contracts/http/dashboard";
import { useState } from "react";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useT } from "../i18n/i18n.js";
import { useNav } from "../nav/nav-store.js";
import { Status } from "../nav/Status.js";
import { StorePicker } from "../stores/StorePicker.js";
import { CardFiguresView } from "./CardFiguresView.js";
import { CardHistory } from "./CardHistory.js";
import { CardList } from "./CardList.js";
import { wallTimeToInstant } from "./moment.js";
import "./cards.css";

const DEFAULT_ZONE = "America/Argentina/Buenos_Aires";

/**
 * Tarjetas: the bar's prepaid cards as the stores uploaded them. The outstanding balance (what the bar
 * owes on its active cards) now and at a moment the owner picks, the period's top-ups by method, card
 * sales, refunds, cash-outs and expiries, the cards with their balance, and one card's history.
 */
export function CardsScreen() {
  const t = useT();
  const storeId = useNav((s) => s.storeId);
  const stores = useLoad<StoresAnswer>(get, "/v1/dashboard/stores").data?.stores ?? [];
  // The moment and the days are the shop's wall clock: the chosen store's zone, or the first store's.
  const zone = stores.find((s) => s.id === storeId)?.timeZone ?? stores[0]?.timeZone ?? DEFAULT_ZONE;
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [moment, setMoment] = useState("");
  const [cardId, setCardId] = useState<string | null>(null);
  const at = moment ? wallTimeToInstant(moment, zone) : null;
  const report = useLoad<CardReportAnswer>(
    get,
    `/v1/dashboard/cards/report${query({ storeId, from, to, at })}`,
  );
  return (
    <section>
      <div className="toolbar cards-toolbar">
        <StorePicker />
        <label>
          {t("cards.from")}
          <input
            type="date"
            data-testid="cards-from"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label>
          {t("cards.to")}
          <input type="date" data-testid="cards-to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          {t("cards.at")}
          <input
            type="datetime-local"
            data-testid="cards-at"
            value={moment}
            onChange={(e) => setMoment(e.target.value)}
          />
        </label>
        <button onClick={report.reload} data-testid="cards-refresh" aria-label={t("cards.refresh")}>
          ↻
        </button>
      </div>
      <Status loading={report.loading && !report.data} error={report.error} reload={report.reload} />
      {report.data && !report.error ? <CardFiguresView report={report.data} /> : null}
      <CardList storeId={storeId} onPick={setCardId} />
      {cardId ? <CardHistory cardId={cardId} onClose={() => setCardId(null)} /> : null}
    </section>
  );
}
