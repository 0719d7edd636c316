import {
  type CustomerDisplayAnswer,
  type CustomerDisplayEvent,
  type CustomerDisplayState,
  IDLE_DISPLAY,
} from "@mostrador/contracts/http/customer-display";
import { QRCodeSVG } from "qrcode.react";
import { useEffect, useState } from "react";
import { get } from "../api/client.js";
import { subscribeEvents } from "../api/events.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useSession } from "../session/session-store.js";
import "./customer-display.css";

/**
 * The screen facing the customer (`#/cliente`), on the till PC's second monitor: it uses the till's own
 * session on this machine (no login of its own, no buttons) and shows only that till's ticket, QR and
 * thanks, in the shop's language. Without a session it says how to open it.
 */
export function CustomerDisplayScreen() {
  const t = useT();
  const { token, restoring, settings } = useSession();
  const [state, setState] = useState<CustomerDisplayState>(IDLE_DISPLAY);
  const [online, setOnline] = useState(true);

  // The shop's language and the till's stored session, once.
  useEffect(() => {
    void useSession
      .getState()
      .loadOptions()
      .catch(() => undefined);
    void useSession.getState().restore();
  }, []);

  useEffect(() => {
    if (!token) return;
    const reread = () =>
      void get<CustomerDisplayAnswer>("/api/customer-display")
        .then((answer) => setState(answer.state))
        .catch(() => undefined);
    reread();
    return subscribeEvents<CustomerDisplayEvent>(
      token,
      (event) => {
        setOnline(true);
        if (event.type === "customer_display") setState(event.payload.state);
      },
      () => {
        setOnline(true);
        reread();
      },
      () => {
        setOnline(false);
        // A session that ended (logout at the till) answers 401 here, and the screen says how to reopen it.
        reread();
      },
      "/api/customer-display/events",
    );
  }, [token]);

  useEffect(() => {
    document.title = t("display.open");
  }, [t]);

  if (restoring) return <main className="customer-display" data-testid="customer-display" />;
  if (!token)
    return (
      <main className="customer-display" data-testid="customer-display">
        <p className="display-login" data-testid="display-login">
          {t("display.loginFirst")}
        </p>
      </main>
    );
  return (
    <main className="customer-display" data-testid="customer-display">
      {!online && (
        <p className="display-offline" role="status">
          {t("display.offline")}
        </p>
      )}
      <DisplayBody state={state} shopName={settings?.name ?? ""} />
    </main>
  );
}

function DisplayBody({ state, shopName }: { state: CustomerDisplayState; shopName: string }) {
  const t = useT();
  const format = useFormat();
  if (state.lines.length === 0 && state.done)
    return (
      <section className="display-thanks" data-testid="display-thanks">
        <h1>{t("display.thanks")}</h1>
        <p>{t("display.paid", { amount: format.money(state.done.total) })}</p>
        {state.done.change > 0 && (
          <p className="display-change" data-testid="display-change">
            {t("display.change", { amount: format.money(state.done.change) })}
          </p>
        )}
      </section>
    );
  if (state.lines.length === 0)
    return (
      <section className="display-idle" data-testid="display-idle">
        <h1>{shopName}</h1>
        <p>{t("display.welcome")}</p>
      </section>
    );
  const qr = state.mercadoPago;
  return (
    <section className="display-ticket">
      <div className="display-lines">
        {state.customerName && (
          <p className="display-customer" data-testid="display-customer">
            {t("display.customer", { name: state.customerName })}
          </p>
        )}
        <table data-testid="display-lines">
          <tbody>
            {state.lines.map((line, i) => (
              <tr key={i}>
                <td className="qty">{format.quantity(line.quantity, line.unit)}</td>
                <td className="name">{line.name}</td>
                <td className="amount">{format.money(line.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="display-total" data-testid="display-total">
          <span>{t("display.total")}</span>
          <span>{format.money(state.total)}</span>
        </p>
      </div>
      {qr && (
        <aside className="display-qr" data-testid="display-qr">
          {qr.status === "waiting" && (
            <>
              <p className="display-qr-title">{t("display.scanMp")}</p>
              <QRCodeSVG value={qr.qrData} size={360} marginSize={2} />
            </>
          )}
          {qr.status === "paid" && <p className="display-qr-title">{t("display.mpPaid")}</p>}
          <p className="display-qr-amount" data-testid="display-qr-amount">
            {format.money(qr.amount)}
          </p>
        </aside>
      )}
    </section>
  );
}
