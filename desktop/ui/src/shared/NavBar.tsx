import type { EntitledModule } from "@mostrador/contracts/billing/plans";
import type { Permission } from "@mostrador/contracts/http/staff";
import { AlarmBadge } from "../alarms/AlarmBadge.js";
import type { MessageKey } from "../i18n/i18n.js";
import { useLocale } from "../i18n/locale-store.js";
import { useT } from "../i18n/use-i18n.js";
import { type Screen, useNav } from "../nav/nav-store.js";
import { PrinterDot } from "../printer/PrinterDot.js";
import { useSession } from "../session/session-store.js";
import { SyncStatus } from "../sync/SyncStatus.js";
import { moduleState, usePlan } from "../plan/plan-store.js";
import { offReason } from "../plan/off-reason.js";
import "./NavBar.css";

/** Screens in nav order; staff and settings only for roles that may change them (the server checks again). */
const SCREENS: {
  screen: Screen;
  label: MessageKey;
  permission?: Permission;
  or?: Permission;
  /** The plan's module the screen is: shown disabled, with why, while the plan leaves it off. */
  module?: EntitledModule;
}[] = [
  { screen: "till", label: "nav.till" },
  { screen: "returns", label: "nav.returns" },
  { screen: "history", label: "nav.history" },
  { screen: "cash", label: "nav.cash" },
  { screen: "accounts", label: "nav.accounts" },
  { screen: "products", label: "nav.products" },
  { screen: "customers", label: "nav.customers", permission: "customers.manage" },
  { screen: "purchasing", label: "nav.purchasing", permission: "stock.adjust", module: "stock_purchasing" },
  { screen: "sensors", label: "nav.sensors" },
  // A manager sees Personal to reset a cashier's forgotten PIN; only the owner changes the rest.
  { screen: "staff", label: "nav.staff", permission: "staff.manage", or: "staff.reset_pin" },
  { screen: "settings", label: "nav.settings", permission: "settings.edit" },
  { screen: "cards", label: "nav.cards", module: "cards" },
  // Bar mode takes the whole screen (its own dark header has the way back).
  { screen: "bar", label: "nav.bar" },
  { screen: "turnos", label: "nav.turnos", module: "turnos" },
  { screen: "onlineOrders", label: "nav.onlineOrders" },
];

/** Screens, printer status, who is logged in on which till, language, and log out. */
export function NavBar({ online }: { online: boolean }) {
  const t = useT();
  const { screen, go } = useNav();
  const { staff, terminal, settings, logout } = useSession();
  const toggleLocale = useLocale((s) => s.toggle);
  const permissions = staff?.permissions ?? [];
  const plan = usePlan((s) => s.plan);
  // Names are never cut: the shop and the person each wrap to a second line if they must, and when the bar
  // cannot hold everything in one row the status group moves to a second row (styles.css, "Nav bar").
  return (
    <nav className="navbar">
      <div className="nav-main">
        <strong className="brand" data-testid="nav-shop">
          {settings?.name ?? t("app.name")}
        </strong>
        <div className="nav-screens">
          {SCREENS.filter(
            (s) =>
              !s.permission ||
              permissions.includes(s.permission) ||
              (s.or !== undefined && permissions.includes(s.or)),
          ).map((s) => {
            const off = s.module ? moduleState(plan, s.module) : null;
            const why = off && !off.on ? offReason(t, off) : undefined;
            return (
              <button
                key={s.screen}
                type="button"
                tabIndex={-1}
                className={s.screen === screen ? "selected" : ""}
                data-testid={`nav-${s.screen}`}
                disabled={why !== undefined}
                title={why}
                aria-description={why}
                onClick={() => go(s.screen)}
              >
                {t(s.label)}
              </button>
            );
          })}
        </div>
      </div>
      <div className="nav-status">
        <AlarmBadge />
        {!online && (
          <span className="badge warning" data-testid="offline-badge">
            {t("nav.offline")}
          </span>
        )}
        <PrinterDot />
        <SyncStatus />
        <span className="who" data-testid="nav-who">
          <span className="who-name">{staff?.name}</span> <span className="who-till">{terminal?.name}</span>
        </span>
        <button type="button" tabIndex={-1} data-testid="lang-toggle" onClick={toggleLocale}>
          {t("app.language")}
        </button>
        <button type="button" tabIndex={-1} data-testid="nav-logout" onClick={() => void logout()}>
          {t("nav.logout")}
        </button>
      </div>
    </nav>
  );
}
