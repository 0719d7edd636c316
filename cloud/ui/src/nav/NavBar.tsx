import type { MeAnswer } from "@mostrador/contracts/http/cloud-account";
import type { SensorStoresAnswer } from "@mostrador/contracts/http/cloud-sensors";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useLocale, useT, type MessageKey } from "../i18n/i18n.js";
import { useSession } from "../session/session-store.js";
import { SCREENS, useNav } from "./nav-store.js";
import "./nav.css";

export function NavBar() {
  const t = useT();
  const { screen, go } = useNav();
  const toggle = useLocale((s) => s.toggle);
  const { session, logout } = useSession();
  // The shop's name, as on the till's nav: which organization these figures belong to.
  const me = useLoad(get<MeAnswer>, "/v1/me");
  // Sensores only where a store's appliance has devices (the gateway module).
  const sensorStores = useLoad(get<SensorStoresAnswer>, "/v1/dashboard/sensors/stores");
  const hasDevices = (sensorStores.data?.stores.length ?? 0) > 0;
  return (
    <nav className="nav">
      <strong className="brand">Mostrador</strong>
      {me.data && (
        <span className="org" data-testid="nav-org">
          {me.data.organization.name}
        </span>
      )}
      {SCREENS.filter((s) => s !== "sensors" || hasDevices || screen === "sensors").map((s) => (
        <button
          key={s}
          data-testid={`nav-${s}`}
          className={s === screen ? "selected" : ""}
          aria-current={s === screen ? "page" : undefined}
          onClick={() => go(s)}
        >
          {t(`nav.${s}` as MessageKey)}
        </button>
      ))}
      <span className="spacer" />
      <span className="muted" data-testid="nav-who">
        {session?.email}
      </span>
      <button data-testid="language-toggle" onClick={toggle}>
        {t("app.language")}
      </button>
      <button data-testid="logout" onClick={() => void logout()}>
        {t("nav.logout")}
      </button>
    </nav>
  );
}
