import type { CloudCustomerList } from "@mostrador/contracts/http/cloud-customers";
import { useState } from "react";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useT } from "../i18n/i18n.js";
import { CreditLimitCell } from "./CreditLimitCell.js";

/**
 * The owner gives a customer who has no account yet a credit limit: find them by name, document or
 * phone (the cloud's customers), then set the limit as in the table.
 */
export function OpenAccount(props: { onSaved: () => void }) {
  const t = useT();
  const [search, setSearch] = useState("");
  const q = search.trim();
  const found = useLoad<CloudCustomerList>(
    get,
    `/v1/customers?search=${encodeURIComponent(q.length >= 2 ? q : "")}`,
  ).data?.customers;
  const [picked, setPicked] = useState<{ id: string; name: string } | null>(null);
  return (
    <div className="toolbar" data-testid="accounts-open">
      <input
        value={search}
        placeholder={t("accounts.findCustomer")}
        aria-label={t("accounts.findCustomer")}
        data-testid="accounts-open-search"
        onChange={(e) => {
          setSearch(e.target.value);
          setPicked(null);
        }}
      />
      {!picked &&
        q.length >= 2 &&
        found?.slice(0, 8).map((c) => (
          <button
            key={c.id}
            type="button"
            data-testid="accounts-open-pick"
            onClick={() => setPicked({ id: c.id, name: c.name })}
          >
            {c.name}
          </button>
        ))}
      {picked && (
        <span data-testid="accounts-open-picked">
          {picked.name}{" "}
          <CreditLimitCell
            customerId={picked.id}
            creditLimit={null}
            editable
            startEditing
            onSaved={() => {
              setPicked(null);
              setSearch("");
              props.onSaved();
            }}
          />
        </span>
      )}
    </div>
  );
}
