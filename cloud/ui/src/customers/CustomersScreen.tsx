import { query } from "@mostrador/contracts/http-client";
import type {
  CloudCustomer,
  CloudCustomerList,
  CloudErasure,
} from "@mostrador/contracts/http/cloud-customers";
import { type CustomerInput, DOC_TYPES, IVA_CONDITIONS } from "@mostrador/contracts/http/customers";
import { useState } from "react";
import { get, patch, post } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { type MessageKey, useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { useSession } from "../session/session-store.js";
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
const formOf = (c: CloudCustomer): Form => ({
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
const opt = (v: string) => (v.trim() === "" ? null : v.trim());
const bodyOf = (f: Form): CustomerInput => ({
  name: f.name.trim(),
  docType: (f.docType || null) as CustomerInput["docType"],
  docNumber: opt(f.docNumber),
  ivaCondition: f.ivaCondition as CustomerInput["ivaCondition"],
  phone: opt(f.phone),
  email: opt(f.email),
  birthday: opt(f.birthday),
  notes: opt(f.notes),
  tags: f.tags
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
  loyaltyCode: opt(f.loyaltyCode),
});

/**
 * Clientes: the tenant's customers (born at any store or here), create and edit them (they reach every
 * store), marketing consent by channel, and delete on request (the owner only).
 */
export function CustomersScreen() {
  const t = useT();
  const f = useFormat();
  const isOwner = useSession((s) => s.session?.role === "owner");
  const [search, setSearch] = useState("");
  const { data, error, loading, reload } = useLoad<CloudCustomerList>(
    get,
    `/v1/customers${query({ search: search.trim() || undefined })}`,
  );
  const [editing, setEditing] = useState<CloudCustomer | "new" | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmErase, setConfirmErase] = useState(false);

  const open = (c: CloudCustomer | "new") => {
    setEditing(c);
    setForm(c === "new" ? EMPTY : formOf(c));
    setProblem(null);
    setConfirmErase(false);
  };
  const run = async (action: () => Promise<CloudCustomer | null>) => {
    setProblem(null);
    try {
      const saved = await action();
      if (saved) setEditing(saved);
      reload();
    } catch (err) {
      setProblem(f.error(err));
    }
  };
  const save = () =>
    run(() =>
      editing === "new" || editing === null
        ? post<CloudCustomer>("/v1/customers", bodyOf(form))
        : patch<CloudCustomer>(`/v1/customers/${editing.id}`, bodyOf(form)),
    );
  const current = editing && editing !== "new" ? editing : null;
  const field = (key: keyof Form, label: MessageKey, type = "text") => (
    <label key={key}>
      {t(label)}
      <input
        type={type}
        value={form[key]}
        data-testid={`customer-${key}`}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </label>
  );

  return (
    <section className="customers">
      <div className="toolbar">
        <input
          value={search}
          placeholder={t("customers.search")}
          aria-label={t("customers.search")}
          data-testid="customers-search"
          onChange={(e) => setSearch(e.target.value)}
        />
        <button type="button" data-testid="customers-new" onClick={() => open("new")}>
          {t("customers.new")}
        </button>
      </div>
      {notice && (
        <p className="notice" role="status" data-testid="customers-notice">
          {notice}
        </p>
      )}
      {editing && (
        <form
          className="customer-form"
          data-testid="customer-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {field("name", "customers.name")}
          {field("docNumber", "customers.document")}
          <label>
            {t("customers.docType")}
            <select
              value={form.docType}
              data-testid="customer-docType"
              onChange={(e) => setForm({ ...form, docType: e.target.value })}
            >
              {(["", ...DOC_TYPES] as const).map((d) => (
                <option key={d} value={d}>
                  {t(`customers.docType.${d || "auto"}` as MessageKey)}
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
                  {t(`customers.iva.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          {field("phone", "customers.phone", "tel")}
          {field("email", "customers.email", "email")}
          {field("birthday", "customers.birthday", "date")}
          {field("tags", "customers.tags")}
          {field("loyaltyCode", "customers.loyaltyCode")}
          {field("notes", "customers.notes")}
          {current && (
            <fieldset className="customer-consent" data-testid="customer-consent">
              <legend>{t("customers.consent")}</legend>
              {(["email", "whatsapp"] as const).map((channel) => {
                const state = current.consent.find((c) => c.channel === channel);
                return (
                  <label key={channel}>
                    <input
                      type="checkbox"
                      checked={state?.status === "opted_in" || state?.status === "pending"}
                      data-testid={`consent-${channel}`}
                      onChange={(e) =>
                        void run(() =>
                          post<CloudCustomer>(`/v1/customers/${current.id}/consent`, {
                            channel,
                            granted: e.target.checked,
                          }),
                        )
                      }
                    />{" "}
                    {t(`customers.channel.${channel}` as MessageKey)}
                    {state && (
                      <span className="muted">
                        {" "}
                        {t(`customers.consent.${state.status}` as MessageKey, {
                          when: f.dateTime(state.updatedAt),
                          who: state.recordedBy,
                        })}
                      </span>
                    )}
                  </label>
                );
              })}
            </fieldset>
          )}
          {problem && (
            <div className="error" role="alert" data-testid="customer-error">
              {problem}
            </div>
          )}
          <div className="actions">
            <button type="button" onClick={() => setEditing(null)}>
              {t("common.cancel")}
            </button>
            {current && isOwner && !confirmErase && (
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
          {current && confirmErase && (
            <div className="erase-confirm" role="alertdialog" data-testid="customer-erase-confirm">
              <p>{t("customers.eraseConfirm")}</p>
              <button type="button" onClick={() => setConfirmErase(false)}>
                {t("common.cancel")}
              </button>
              <button
                type="button"
                className="danger"
                data-testid="customer-erase-ok"
                onClick={() =>
                  void run(async () => {
                    const done = await post<CloudErasure>(`/v1/customers/${current.id}/erase`, {});
                    setNotice(
                      done.keptDocNumber
                        ? t("customers.erasedKeptCuit", { cuit: done.keptDocNumber })
                        : t("customers.erased"),
                    );
                    setEditing(null);
                    return null;
                  })
                }
              >
                {t("customers.erase")}
              </button>
            </div>
          )}
        </form>
      )}
      <Status loading={loading && !data} error={error} reload={reload} />
      <table data-testid="customers-table">
        <thead>
          <tr>
            <th>{t("customers.name")}</th>
            <th>{t("customers.document")}</th>
            <th>{t("customers.phone")}</th>
            <th>{t("customers.email")}</th>
            <th>{t("customers.bornAt")}</th>
          </tr>
        </thead>
        <tbody>
          {data?.customers.map((c) => (
            <tr key={c.id} tabIndex={0} data-testid="customers-row" onClick={() => open(c)}>
              <td>{c.name}</td>
              <td>{c.docNumber ?? ""}</td>
              <td>{c.phone ?? ""}</td>
              <td>{c.email ?? ""}</td>
              <td>{c.bornAt === "cloud" ? t("customers.bornInCloud") : c.bornAt}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data?.customers.length === 0 && <p className="muted">{t("common.none")}</p>}
    </section>
  );
}
