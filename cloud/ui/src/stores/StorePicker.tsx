import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useT } from "../i18n/i18n.js";
import { useNav } from "../nav/nav-store.js";
import type { StoresAnswer } from "@mostrador/contracts/http/dashboard";

/** "All stores" or one store: the filter the sales, stock and alarms screens share. */
export function StorePicker() {
  const t = useT();
  const { storeId, setStore } = useNav();
  const { data } = useLoad<StoresAnswer>(get, "/v1/dashboard/stores");
  return (
    <select
      data-testid="store-picker"
      aria-label={t("common.store")}
      value={storeId ?? ""}
      onChange={(e) => setStore(e.target.value || null)}
    >
      <option value="">{t("common.allStores")}</option>
      {data?.stores.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </select>
  );
}
