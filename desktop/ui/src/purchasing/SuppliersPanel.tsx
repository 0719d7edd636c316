import { useEffect, useState } from "react";
import type { Supplier, SupplierInput } from "@mostrador/contracts/http/purchasing";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { usePurchasing } from "./purchasing-store.js";

type Form = Record<
  "name" | "cuit" | "contact" | "phone" | "email" | "paymentTerms" | "leadTimeDays" | "notes",
  string
>;

const EMPTY: Form = {
  name: "",
  cuit: "",
  contact: "",
  phone: "",
  email: "",
  paymentTerms: "",
  leadTimeDays: "7",
  notes: "",
};

const formOf = (s: Supplier): Form => ({
  name: s.name,
  cuit: s.cuit ?? "",
  contact: s.contact ?? "",
  phone: s.phone ?? "",
  email: s.email ?? "",
  paymentTerms: s.paymentTerms ?? "",
  leadTimeDays: String(s.leadTimeDays),
  notes: s.notes ?? "",
});

/** The form as the API takes it: blank optional text is null; the server checks the CUIT and says why. */
function bodyOf(form: Form): SupplierInput {
  const opt = (v: string) => (v.trim() === "" ? null : v.trim());
  const days = Number(form.leadTimeDays);
  return {
    name: form.name.trim(),
    cuit: opt(form.cuit),
    contact: opt(form.contact),
    phone: opt(form.phone),
    email: opt(form.email),
    paymentTerms: opt(form.paymentTerms),
    leadTimeDays: Number.isInteger(days) && days > 0 ? days : 7,
    notes: opt(form.notes),
  };
}

/** Suppliers: the list, and one form to add or edit (Enter saves, Escape closes). */
export function SuppliersPanel() {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const { suppliers, loadSuppliers, createSupplier, updateSupplier } = usePurchasing();
  const [editing, setEditing] = useState<Supplier | "new" | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // runs on mount, not on every render.
  useEffect(() => {
    loadSuppliers().catch((e) => setError(format.error(e)));
  }, []);

  const open = (s: Supplier | "new") => {
    setEditing(s);
    setForm(s === "new" ? EMPTY : formOf(s));
    setError(null);
  };
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved =
        editing === "new" || editing === null
          ? await createSupplier(bodyOf(form))
          : await updateSupplier(editing.id, bodyOf(form));
      notify("info", t("purchasing.supplierSaved", { name: saved.name }));
      setEditing(null);
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };
  const field = (
    key: keyof Form,
    label: string,
    extra: { autoFocus?: boolean; inputMode?: "numeric" } = {},
  ) => (
    <label key={key}>
      {label}
      <input
        value={form[key]}
        data-testid={`supplier-${key}`}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        {...extra}
      />
    </label>
  );

  return (
    <div data-testid="suppliers-panel">
      <div className="row-form">
        <p className="muted grow">{t("purchasing.supplierCount", { n: suppliers.length })}</p>
        <button type="button" className="primary" data-testid="supplier-new" onClick={() => open("new")}>
          {t("purchasing.newSupplier")}
        </button>
      </div>
      {editing && (
        <form
          className="purchasing-form"
          data-testid="supplier-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          onKeyDown={(e) => e.key === "Escape" && setEditing(null)}
        >
          {field("name", t("purchasing.supplierName"), { autoFocus: true })}
          {field("cuit", t("purchasing.cuit"))}
          {field("contact", t("purchasing.contact"))}
          {field("phone", t("purchasing.phone"))}
          {field("email", t("purchasing.email"))}
          {field("paymentTerms", t("purchasing.paymentTerms"))}
          {field("leadTimeDays", t("purchasing.leadTimeDays"), { inputMode: "numeric" })}
          {field("notes", t("purchasing.notes"))}
          <ErrorText text={error} testId="supplier-error" />
          <div className="row-form">
            <button type="submit" className="primary" disabled={busy} data-testid="supplier-save">
              {t("common.save")}
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      )}
      {!editing && <ErrorText text={error} testId="supplier-error" />}
      <table className="list static">
        <thead>
          <tr>
            <th>{t("purchasing.supplierName")}</th>
            <th>{t("purchasing.cuit")}</th>
            <th>{t("purchasing.phone")}</th>
            <th>{t("purchasing.paymentTerms")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {suppliers.map((s) => (
            <tr key={s.id} data-testid="supplier-row" className={s.active ? "" : "muted"}>
              <td>{s.name}</td>
              <td>{s.cuit ?? ""}</td>
              <td>{s.phone ?? ""}</td>
              <td>{s.paymentTerms ?? ""}</td>
              <td className="actions">
                <button type="button" onClick={() => open(s)}>
                  {t("purchasing.edit")}
                </button>
                <button
                  type="button"
                  onClick={() =>
                    void updateSupplier(s.id, { active: !s.active }).catch((e) => setError(format.error(e)))
                  }
                >
                  {s.active ? t("purchasing.deactivate") : t("purchasing.activate")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
