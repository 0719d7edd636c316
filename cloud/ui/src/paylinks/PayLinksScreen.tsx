import { parsePrice, DEFAULT_TIME_ZONE } from "@mostrador/contracts/format";
import { query } from "@mostrador/contracts/http-client";
import type {
  OwnerPaymentLinkBody,
  PaymentLinkItem,
  PaymentLinkList,
} from "@mostrador/contracts/http/cloud-mercadopago";
import type { CloudCustomerList } from "@mostrador/contracts/http/cloud-customers";
import { dayStartUtc, nextDayKey } from "@mostrador/contracts/zoned-day";
import { useEffect, useState } from "react";
import { get, post } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { type MessageKey, useLocale, useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { copyText, whatsappShareUrl } from "./share.js";
import "./paylinks.css";

const PAGE = 20;
/** While a link waits for its payment the list is read again this often: MP's webhook marks it paid. */
const REFRESH_MS = 3_000;

/**
 * "Cobros por link": the owner makes a Mercado Pago link for something sold outside the till (a cake to
 * order, a class), sends it by WhatsApp or copies it, and sees it turn «Pagado» when MP's webhook, re-read
 * by the cloud, confirms the payment. An unpaid link can be cancelled.
 */
export function PayLinksScreen() {
  const t = useT();
  const [offset, setOffset] = useState(0);
  const list = useLoad<PaymentLinkList>(
    get,
    `/v1/mercadopago/payment-links${query({ limit: PAGE, offset })}`,
  );
  const [created, setCreated] = useState<PaymentLinkItem | null>(null);
  const waiting = list.data?.links.some((l) => l.state === "pending") ?? false;
  const { reload } = list;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [waiting, reload]);

  return (
    <section className="paylinks">
      <h2>{t("payLinks.title")}</h2>
      <p className="muted">{t("payLinks.intro")}</p>
      <NewLink
        onCreated={(link) => {
          setCreated(link);
          setOffset(0);
          reload();
        }}
      />
      {created && <CreatedLink link={created} onDone={() => setCreated(null)} />}
      <Status loading={list.loading && !list.data} error={list.error} reload={reload} />
      {list.data && list.data.links.length === 0 && offset === 0 && (
        <p className="muted">{t("payLinks.none")}</p>
      )}
      {list.data && list.data.links.length > 0 && (
        <table className="paylinks-list" data-testid="paylinks-list">
          <thead>
            <tr>
              <th>{t("payLinks.concept")}</th>
              <th>{t("payLinks.customer")}</th>
              <th className="num">{t("payLinks.amount")}</th>
              <th>{t("payLinks.state")}</th>
              <th>{t("payLinks.created")}</th>
              <th>{t("payLinks.expires")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.links.map((l) => (
              <LinkRow key={l.reference} link={l} onChanged={reload} />
            ))}
          </tbody>
        </table>
      )}
      <div className="paylinks-pages">
        {offset > 0 && (
          <button data-testid="paylinks-newer" onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            {t("payLinks.newer")}
          </button>
        )}
        {list.data?.nextOffset != null && (
          <button data-testid="paylinks-older" onClick={() => setOffset(list.data?.nextOffset ?? 0)}>
            {t("payLinks.older")}
          </button>
        )}
      </div>
    </section>
  );
}

/** What the buyer reads in the chat: the concept, the amount and the link. */
function shareText(t: ReturnType<typeof useT>, money: string, link: PaymentLinkItem): string {
  return t("payLinks.shareText", { concept: link.title, amount: money, url: link.url });
}

function ShareButtons({ link }: { link: PaymentLinkItem }) {
  const t = useT();
  const f = useFormat();
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <span className="paylinks-share">
      <button
        data-testid="paylink-copy"
        onClick={() => void copyText(link.url).then(setCopied)}
        title={link.url}
      >
        {copied === true ? t("payLinks.copied") : t("payLinks.copy")}
      </button>
      <a
        data-testid="paylink-whatsapp"
        className="button"
        href={whatsappShareUrl(shareText(t, f.money(link.amount), link), link.customer?.phone)}
        target="_blank"
        rel="noreferrer"
      >
        {t("payLinks.whatsapp")}
      </a>
      {copied === false && <span className="muted">{t("payLinks.copyByHand")}</span>}
    </span>
  );
}

function CreatedLink({ link, onDone }: { link: PaymentLinkItem; onDone(): void }) {
  const t = useT();
  return (
    <div className="paylinks-created" role="status" data-testid="paylinks-created">
      <p>{t("payLinks.createdText", { concept: link.title })}</p>
      <input
        readOnly
        value={link.url}
        data-testid="paylinks-created-url"
        onFocus={(e) => e.target.select()}
      />
      <ShareButtons link={link} />
      <button onClick={onDone}>{t("payLinks.createdDone")}</button>
    </div>
  );
}

function LinkRow({ link, onChanged }: { link: PaymentLinkItem; onChanged(): void }) {
  const t = useT();
  const f = useFormat();
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  async function cancel() {
    setError(null);
    try {
      await post(`/v1/mercadopago/payment-links/${encodeURIComponent(link.reference)}/cancel`, {});
      onChanged();
    } catch (err) {
      setError(f.error(err));
    } finally {
      setConfirming(false);
    }
  }

  return (
    <tr data-testid="paylink-row" data-reference={link.reference}>
      <td>{link.title}</td>
      <td>{link.customer?.name ?? "—"}</td>
      <td className="num">{f.money(link.amount)}</td>
      <td>
        <span data-testid="paylink-state" className={`paylinks-state ${link.state}`}>
          {t(`payLinks.state.${link.state}` as MessageKey)}
        </span>
        {error && (
          <span className="error" role="alert" data-testid="paylink-error">
            {" "}
            {error}
          </span>
        )}
      </td>
      <td>{f.dateTime(link.createdAt)}</td>
      <td>{link.expiresAt ? f.dateTime(link.expiresAt) : "—"}</td>
      <td className="paylinks-actions">
        {link.state === "pending" && <ShareButtons link={link} />}
        {link.state === "pending" && !confirming && (
          <button data-testid="paylink-cancel" onClick={() => setConfirming(true)}>
            {t("payLinks.cancel")}
          </button>
        )}
        {confirming && (
          <>
            <button data-testid="paylink-cancel-confirm" onClick={() => void cancel()}>
              {t("payLinks.cancelConfirm")}
            </button>
            <button onClick={() => setConfirming(false)}>{t("payLinks.cancelKeep")}</button>
          </>
        )}
      </td>
    </tr>
  );
}

function NewLink({ onCreated }: { onCreated(link: PaymentLinkItem): void }) {
  const t = useT();
  const f = useFormat();
  const locale = useLocale((s) => s.locale);
  const [title, setTitle] = useState("");
  const [amount, setAmount] = useState("");
  const [search, setSearch] = useState("");
  const [customerId, setCustomerId] = useState("");
  const [expiresOn, setExpiresOn] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const customers = useLoad<CloudCustomerList>(
    get,
    `/v1/customers${query({ search: search.trim() || undefined, limit: 20 })}`,
  );

  async function submit() {
    setError(null);
    const centavos = parsePrice(amount, locale);
    if (centavos === null || centavos <= 0) return setError(t("payLinks.badAmount"));
    if (title.trim() === "") return setError(t("payLinks.noConcept"));
    const body: OwnerPaymentLinkBody = { title: title.trim(), amount: centavos };
    if (customerId) body.customerId = customerId;
    // The chosen day is the last one it can be paid: it expires when the next day starts, in the shop's zone.
    if (expiresOn) body.expiresAt = dayStartUtc(nextDayKey(expiresOn), DEFAULT_TIME_ZONE);
    setBusy(true);
    try {
      onCreated(await post<PaymentLinkItem>("/v1/mercadopago/payment-links", body));
      setTitle("");
      setAmount("");
      setCustomerId("");
      setExpiresOn("");
    } catch (err) {
      setError(f.error(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="paylinks-new"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        {t("payLinks.concept")}
        <input
          data-testid="paylinks-title"
          value={title}
          maxLength={120}
          onChange={(e) => setTitle(e.target.value)}
        />
      </label>
      <label>
        {t("payLinks.amountPesos")}
        <input
          data-testid="paylinks-amount"
          inputMode="decimal"
          value={amount}
          placeholder={locale === "en" ? "1,500.00" : "1.500,00"}
          onChange={(e) => setAmount(e.target.value)}
        />
      </label>
      <label>
        {t("payLinks.customerOptional")}
        <span className="paylinks-customer">
          <input
            data-testid="paylinks-customer-search"
            value={search}
            placeholder={t("payLinks.customerSearch")}
            onChange={(e) => setSearch(e.target.value)}
          />
          <select
            data-testid="paylinks-customer"
            value={customerId}
            onChange={(e) => setCustomerId(e.target.value)}
          >
            <option value="">{t("payLinks.noCustomer")}</option>
            {customers.data?.customers
              .filter((c) => !c.mergedInto && !c.erasedAt)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                  {c.phone ? ` · ${c.phone}` : ""}
                </option>
              ))}
          </select>
        </span>
      </label>
      <label>
        {t("payLinks.expiresOptional")}
        <input
          type="date"
          data-testid="paylinks-expires"
          value={expiresOn}
          onChange={(e) => setExpiresOn(e.target.value)}
        />
      </label>
      <button type="submit" data-testid="paylinks-create" disabled={busy}>
        {t("payLinks.create")}
      </button>
      {error && (
        <p className="error" role="alert" data-testid="paylinks-error">
          {error}
        </p>
      )}
    </form>
  );
}
