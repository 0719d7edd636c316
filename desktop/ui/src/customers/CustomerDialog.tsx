import type { Customer } from "@mostrador/contracts/http/customers";
import { type KeyboardEvent, useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { Dialog } from "../shared/Dialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { createCustomer, recordConsent, searchCustomers } from "./customer-api.js";
import "./customers.css";

interface Props {
  onPick: (customer: Customer) => void;
  onClose: () => void;
}

const DIGITS = /^[\d\s.+-]+$/;

/**
 * The till's customer search (F3): by name, DNI or phone; arrows + Enter attach. Quick create in a few keys:
 * Enter when nothing matches (or Ctrl+Enter) opens a short form with what was typed already in its place
 * (a name, or a DNI/phone), Enter saves and attaches.
 */
export function CustomerDialog({ onPick, onClose }: Props) {
  const t = useT();
  const format = useFormat();
  const [q, setQ] = useState("");
  const [results, setResults] = useState<Customer[]>([]);
  const [active, setActive] = useState(0);
  const [creating, setCreating] = useState<{
    name: string;
    docNumber: string;
    phone: string;
    card: string;
    whatsapp: boolean;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      searchCustomers(q, 8)
        .then((found) => {
          if (stale) return;
          setResults(found);
          setActive(0);
        })
        .catch((e) => !stale && setError(format.error(e)));
    }, 120);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [q]);

  const startCreate = () => {
    const typed = q.trim();
    const digits = typed.replace(/\D/g, "");
    setError(null);
    setCreating(
      DIGITS.test(typed) && digits.length > 0
        ? digits.length <= 8
          ? { name: "", docNumber: typed, phone: "", card: "", whatsapp: false }
          : { name: "", docNumber: "", phone: typed, card: "", whatsapp: false }
        : { name: typed, docNumber: "", phone: "", card: "", whatsapp: false },
    );
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (results.length)
        setActive((i) => (i + (e.key === "ArrowDown" ? 1 : results.length - 1)) % results.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      const chosen = results[active];
      if (e.ctrlKey || !chosen) startCreate();
      else onPick(chosen);
    }
  };

  const save = async () => {
    if (!creating) return;
    setBusy(true);
    setError(null);
    try {
      const opt = (v: string) => (v.trim() ? v.trim() : null);
      const created = await createCustomer({
        name: creating.name.trim(),
        docNumber: opt(creating.docNumber),
        phone: opt(creating.phone),
        loyaltyCode: opt(creating.card),
      });
      // Consent the customer gives at the counter is recorded by the cashier who heard it (source: till).
      onPick(
        creating.whatsapp ? await recordConsent(created.id, { channel: "whatsapp", granted: true }) : created,
      );
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  if (creating)
    return (
      <Dialog title={t("customers.quickCreate")} testId="customer-create-dialog" onClose={onClose}>
        <form
          className="customer-quick"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label>
            {t("customers.name")}
            <input
              autoFocus={!creating.name}
              value={creating.name}
              maxLength={120}
              data-testid="customer-create-name"
              onChange={(e) => setCreating({ ...creating, name: e.target.value })}
            />
          </label>
          <label>
            {t("customers.dni")}
            <input
              autoFocus={!!creating.name}
              value={creating.docNumber}
              inputMode="numeric"
              maxLength={20}
              data-testid="customer-create-doc"
              onChange={(e) => setCreating({ ...creating, docNumber: e.target.value })}
            />
          </label>
          <label>
            {t("customers.phone")}
            <input
              value={creating.phone}
              inputMode="tel"
              maxLength={30}
              data-testid="customer-create-phone"
              onChange={(e) => setCreating({ ...creating, phone: e.target.value })}
            />
          </label>
          <label>
            {t("customers.card")}
            <input
              value={creating.card}
              maxLength={64}
              data-testid="customer-create-card"
              onChange={(e) => setCreating({ ...creating, card: e.target.value })}
            />
          </label>
          <label>
            <input
              type="checkbox"
              checked={creating.whatsapp}
              disabled={!creating.phone.trim()}
              data-testid="customer-create-whatsapp"
              onChange={(e) => setCreating({ ...creating, whatsapp: e.target.checked })}
            />{" "}
            {t("customers.whatsappOptIn")}
          </label>
          <ErrorText text={error} />
          <div className="actions">
            <button type="button" onClick={() => setCreating(null)}>
              {t("common.back")}
            </button>
            <button type="submit" className="primary" disabled={busy} data-testid="customer-create-save">
              {t("customers.createAndAttach")}
            </button>
          </div>
        </form>
      </Dialog>
    );

  return (
    <Dialog title={t("customers.attachTitle")} testId="customer-dialog" onClose={onClose} wide>
      <input
        autoFocus
        value={q}
        maxLength={100}
        placeholder={t("customers.searchPlaceholder")}
        aria-label={t("customers.searchPlaceholder")}
        data-testid="customer-search"
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={onSearchKey}
      />
      <div className="customer-results" role="listbox" data-testid="customer-results">
        {results.length === 0 && <p className="muted">{t("customers.noneFound")}</p>}
        {results.map((c, i) => (
          <div
            key={c.id}
            role="option"
            aria-selected={i === active}
            className={i === active ? "active" : undefined}
            data-testid="customer-result"
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(c);
            }}
          >
            <span>{c.name}</span>
            <span className="muted">{c.docNumber ?? ""}</span>
            <span className="muted">{c.phone ?? ""}</span>
          </div>
        ))}
      </div>
      <ErrorText text={error} />
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t("common.cancel")}
        </button>
        <button type="button" className="primary" data-testid="customer-new" onClick={startCreate}>
          {t("customers.new")} (Ctrl+Enter)
        </button>
      </div>
    </Dialog>
  );
}
