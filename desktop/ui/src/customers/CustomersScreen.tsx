import type { ConsentChannel, Customer, CustomerInput } from "@mostrador/contracts/http/customers";
import { DOC_TYPES, IVA_CONDITIONS } from "@mostrador/contracts/http/customers";
import { useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { ConfirmDialog } from "../shared/ConfirmDialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import {
  createCustomer,
  eraseCustomer,
  recordConsent,
  searchCustomers,
  updateCustomer,
} from "./customer-api.js";
import "./customers.css";

type Form = Record<
  | "name"
  | "docType"
  | "docNumber"
  | "ivaCondition"
  | "phone"
  | "email"
  | "birthday"
  | "notes"
  | "tags"
  | "loyaltyCode",
  string
>;

const EMPTY: Form = {
  name: "",
  docType: "",
  docNumber: "",
  ivaCondition: "consumidor_final",
  phone: "",
  email: "",
  birthday: "",
  notes: "",
  tags: "",
  loyaltyCode: "",
};

const formOf = (c: Customer): Form => ({
  name: c.name,
  docType: c.docType ?? "",
  docNumber: c.docNumber ?? "",
  ivaCondition: c.ivaCondition,
  phone: c.phone ?? "",
  email: c.email ?? "",
  birthday: c.birthday ?? "",
  notes: c.notes ?? "",
  tags: c.tags.join(", "),
  loyaltyCode: c.loyaltyCode ?? "",
});

/** The form as the API takes it: blank optional text is null; the server checks documents, phones and dates. */
function bodyOf(form: Form): CustomerInput {
  const opt = (v: string) => (v.trim() === "" ? null : v.trim());
  return {
    name: form.name.trim(),
    docType: (form.docType || null) as CustomerInput["docType"],
    docNumber: opt(form.docNumber),
    ivaCondition: form.ivaCondition as CustomerInput["ivaCondition"],
    phone: opt(form.phone),
    email: opt(form.email),
    birthday: opt(form.birthday),
    notes: opt(form.notes),
    tags: form.tags
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    loyaltyCode: opt(form.loyaltyCode),
  };
}

/** Clientes (managers): search, create, edit, marketing consent by channel, and delete on request. */
export function CustomersScreen() {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const [q, setQ] = useState("");
  const [list, setList] = useState<Customer[]>([]);
  const [editing, setEditing] = useState<Customer | "new" | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [confirmErase, setConfirmErase] = useState(false);

  const reload = () =>
    searchCustomers(q, 100)
      .then(setList)
      .catch((e) => setError(format.error(e)));
  useEffect(() => {
    const timer = setTimeout(() => void reload(), 150);
    return () => clearTimeout(timer);
  }, [q]);

  const open = (c: Customer | "new") => {
    setEditing(c);
    setForm(c === "new" ? EMPTY : formOf(c));
    setError(null);
  };
  const save = async () => {
    setError(null);
    try {
      const body = bodyOf(form);
      const saved =
        editing === "new" || editing === null
          ? await createCustomer(body)
          : await updateCustomer(editing.id, body);
      notify("info", t("customers.saved", { name: saved.name }));
      setEditing(saved);
      void reload();
    } catch (e) {
      setError(format.error(e));
    }
  };
  const consent = async (c: Customer, channel: ConsentChannel, granted: boolean) => {
    setError(null);
    try {
      setEditing(await recordConsent(c.id, { channel, granted }));
    } catch (e) {
      setError(format.error(e));
    }
  };
  const erase = async (c: Customer) => {
    setConfirmErase(false);
    try {
      const done = await eraseCustomer(c.id);
      notify(
        "info",
        done.keptDocNumber
          ? t("customers.erasedKeptCuit", { cuit: done.keptDocNumber })
          : t("customers.erased"),
      );
      setEditing(null);
      void reload();
    } catch (e) {
      setError(format.error(e));
    }
  };

  const field = (
    key: keyof Form,
    label: string,
    extra: { type?: string; inputMode?: "numeric" | "tel" } = {},
  ) => (
    <label key={key}>
      {label}
      <input
        value={form[key]}
        data-testid={`customer-${key}`}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        {...extra}
      />
    </label>
  );
  const current = editing && editing !== "new" ? editing : null;
  const stateOf = (channel: ConsentChannel) => current?.consent.find((c) => c.channel === channel);

  return (
    <div className="customers-screen" data-testid="customers-screen">
      <div className="row-form">
        <input
          className="grow"
          value={q}
          placeholder={t("customers.searchPlaceholder")}
          aria-label={t("customers.searchPlaceholder")}
          data-testid="customers-search"
          onChange={(e) => setQ(e.target.value)}
        />
        <button type="button" className="primary" data-testid="customers-new" onClick={() => open("new")}>
          {t("customers.new")}
        </button>
      </div>
      {editing && (
        <form
          className="customer-form"
          data-testid="customer-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          onKeyDown={(e) => e.key === "Escape" && setEditing(null)}
        >
          {field("name", t("customers.name"))}
          {field("docNumber", t("customers.document"), { inputMode: "numeric" })}
          <label>
            {t("customers.docType")}
            <select
              value={form.docType}
              data-testid="customer-docType"
              onChange={(e) => setForm({ ...form, docType: e.target.value })}
            >
              {(["", ...DOC_TYPES] as const).map((d) => (
                <option key={d} value={d}>
                  {t(`customers.docType.${d || "auto"}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("customers.ivaCondition")}
            <select
              value={form.ivaCondition}
              data-testid="customer-ivaCondition"
              onChange={(e) => setForm({ ...form, ivaCondition: e.target.value })}
            >
              {IVA_CONDITIONS.map((c) => (
                <option key={c} value={c}>
                  {t(`customers.iva.${c}`)}
                </option>
              ))}
            </select>
          </label>
          {field("phone", t("customers.phone"), { inputMode: "tel" })}
          {field("email", t("customers.email"), { type: "email" })}
          {field("birthday", t("customers.birthday"), { type: "date" })}
          {field("tags", t("customers.tags"))}
          {field("loyaltyCode", t("customers.loyaltyCode"))}
          {field("notes", t("customers.notes"))}
          {current && (
            <div className="customer-consent" data-testid="customer-consent">
              <strong>{t("customers.consent")}</strong>
              {(["email", "whatsapp"] as const).map((channel) => {
                const state = stateOf(channel);
                return (
                  <label key={channel}>
                    <input
                      type="checkbox"
                      checked={state?.granted ?? false}
                      data-testid={`consent-${channel}`}
                      onChange={(e) => void consent(current, channel, e.target.checked)}
                    />{" "}
                    {t(`customers.channel.${channel}`)}
                    {state && (
                      <span className="muted small">
                        {" "}
                        {t(state.granted ? "customers.consentGiven" : "customers.consentWithdrawn", {
                          when: format.dateTime(state.at),
                          who: state.staffName ?? t(`customers.source.${state.source}`),
                        })}
                      </span>
                    )}
                  </label>
                );
              })}
            </div>
          )}
          <ErrorText text={error} />
          <div className="actions">
            <button type="button" onClick={() => setEditing(null)}>
              {t("common.close")}
            </button>
            {current && (
              <button
                type="button"
                className="danger"
                data-testid="customer-erase"
                onClick={() => setConfirmErase(true)}
              >
                {t("customers.erase")}
              </button>
            )}
            <button type="submit" className="primary" data-testid="customer-save">
              {t("common.save")}
            </button>
          </div>
        </form>
      )}
      {!editing && <ErrorText text={error} />}
      <table>
        <thead>
          <tr>
            <th>{t("customers.name")}</th>
            <th>{t("customers.document")}</th>
            <th>{t("customers.phone")}</th>
            <th>{t("customers.email")}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((c) => (
            <tr
              key={c.id}
              tabIndex={0}
              data-testid="customers-row"
              onClick={() => open(c)}
              onKeyDown={(e) => e.key === "Enter" && open(c)}
            >
              <td>{c.name}</td>
              <td>{c.docNumber ?? ""}</td>
              <td>{c.phone ?? ""}</td>
              <td>{c.email ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.length === 0 && <p className="muted">{t("customers.noneFound")}</p>}
      {confirmErase && current && (
        <ConfirmDialog
          title={t("customers.eraseTitle", { name: current.name })}
          message={t("customers.eraseConfirm")}
          confirmLabel={t("customers.erase")}
          onCancel={() => setConfirmErase(false)}
          onConfirm={() => void erase(current)}
        />
      )}
    </div>
  );
}
