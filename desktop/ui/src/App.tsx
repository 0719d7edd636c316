import { AccountsScreen } from "./accounts/AccountsScreen.js";
import { CardsScreen } from "./cards/CardsScreen.js";
import { BarScreen } from "./bar/BarScreen.js";
import { useEffect, useState } from "react";
import type { SetupStatus } from "@mostrador/contracts/http/setup";
import { useAlarms } from "./alarms/alarms-store.js";
import { get } from "./api/client.js";
import { subscribeEvents } from "./api/events.js";
import { useCardTaps } from "./card-readers/card-tap-store.js";
import { CashScreen } from "./cash/CashScreen.js";
import { useCash } from "./cash/cash-store.js";
import { useCatalog } from "./catalog/catalog-store.js";
import { ProductsScreen } from "./catalog/ProductsScreen.js";
import { PurchasingScreen } from "./purchasing/PurchasingScreen.js";
import { CustomersScreen } from "./customers/CustomersScreen.js";
import { useLocale } from "./i18n/locale-store.js";
import { useT } from "./i18n/use-i18n.js";
import { SalesHistoryScreen } from "./history/SalesHistoryScreen.js";
import { LoginScreen } from "./login/LoginScreen.js";
import { useNav } from "./nav/nav-store.js";
import { ReturnsScreen } from "./returns/ReturnsScreen.js";
import { useSalesFeed } from "./sales/sales-feed-store.js";
import { SensorsScreen } from "./sensors/SensorsScreen.js";
import { useSession } from "./session/session-store.js";
import { SettingsScreen } from "./settings/SettingsScreen.js";
import { SetupWizard } from "./setup/SetupWizard.js";
import { NavBar } from "./shared/NavBar.js";
import { Notices } from "./shared/Notices.js";
import { StaffScreen } from "./staff/StaffScreen.js";
import { TillScreen } from "./till/TillScreen.js";
import { TurnosScreen } from "./turnos/TurnosScreen.js";
import { useTurnosFeed } from "./turnos/turnos-feed-store.js";
import { OnlineOrdersScreen } from "./online-orders/OnlineOrdersScreen.js";
import { useOnlineOrdersFeed } from "./online-orders/online-orders-feed-store.js";
import { moduleState, usePlan } from "./plan/plan-store.js";
import type { EntitledModule } from "@mostrador/contracts/billing/plans";

/** Server events refresh what they touch; after a reconnect everything is re-read once (events may have been missed). */
function useServerEvents(token: string | null): boolean {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    if (!token) return;
    const refreshCash = () =>
      void useCash
        .getState()
        .refresh()
        .catch(() => {});
    const refreshCatalog = () =>
      void useCatalog
        .getState()
        .refresh()
        .catch(() => {});
    // The nav badge counts alarms on every screen, so they are loaded at login, not when the feed opens.
    const refreshAlarms = () =>
      void useAlarms
        .getState()
        .refresh()
        .catch(() => {});
    refreshAlarms();
    const refreshPlan = () =>
      void usePlan
        .getState()
        .refresh()
        .catch(() => {});
    refreshPlan();
    const refreshAll = () => {
      refreshPlan();
      refreshCash();
      refreshCatalog();
      refreshAlarms();
      useSalesFeed.getState().changed();
      useTurnosFeed.getState().changed();
    };
    const stop = subscribeEvents(
      token,
      (event) => {
        setOnline(true);
        if (event.type === "cash.changed") refreshCash();
        if (event.type === "stock.changed" || event.type === "catalog.changed") refreshCatalog();
        if (event.type === "alarm.changed") refreshAlarms();
        if (event.type === "card_tapped") useCardTaps.getState().tapped(event.payload);
        if (event.type === "turnos.changed") useTurnosFeed.getState().changed();
        if (event.type === "entitlements.changed") refreshPlan();
        if (event.type === "online_orders.changed") useOnlineOrdersFeed.getState().changed();
        if (
          event.type === "sale.committed" ||
          event.type === "sale.voided" ||
          event.type === "return.committed"
        ) {
          useSalesFeed.getState().changed();
          refreshCash();
        }
      },
      () => {
        setOnline(true);
        refreshAll();
      },
      () => setOnline(false),
    );
    return stop;
  }, [token]);
  return online;
}

export function App() {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const { token, restoring, restore } = useSession();
  const chosen = useNav((s) => s.screen);
  const canManageStaff = useSession((s) => s.can("staff.manage") || s.can("staff.reset_pin"));
  const canEditSettings = useSession((s) => s.can("settings.edit"));
  const canPurchase = useSession((s) => s.can("stock.adjust"));
  const canManageCustomers = useSession((s) => s.can("customers.manage"));
  // A screen of a module the plan turned off (while it was open, or remembered) falls back to the till too.
  const plan = usePlan((s) => s.plan);
  const planOff = (module: EntitledModule) => moduleState(plan, module)?.on === false;
  // A cashier logging in after the owner must not land on the owner's screen: fall back to the till.
  const screen =
    (chosen === "staff" && !canManageStaff) ||
    (chosen === "settings" && !canEditSettings) ||
    (chosen === "purchasing" && !canPurchase) ||
    (chosen === "customers" && !canManageCustomers) ||
    (chosen === "turnos" && planOff("turnos")) ||
    (chosen === "cards" && planOff("cards")) ||
    (chosen === "purchasing" && planOff("stock_purchasing"))
      ? "till"
      : chosen;
  useEffect(() => {
    if (token && screen !== chosen) useNav.getState().go(screen);
  }, [token, screen, chosen]);
  const online = useServerEvents(token);
  // An appliance without an owner opens the first-run wizard instead of the login screen.
  const [setup, setSetup] = useState<"checking" | "needed" | "done">("checking");
  useEffect(() => {
    get<SetupStatus>("/api/setup")
      .then((status) => setSetup(status.needed ? "needed" : "done"))
      .catch(() => setSetup("done"));
  }, []);

  // runs on mount (or when the listed key changes), not on every render.
  useEffect(() => {
    void restore();
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  if (restoring || setup === "checking") return <p className="loading">{t("common.loading")}</p>;
  if (setup === "needed")
    return (
      <>
        <SetupWizard onDone={() => setSetup("done")} />
        <Notices />
      </>
    );
  return (
    <>
      {token && screen === "bar" ? (
        <BarScreen online={online} />
      ) : token ? (
        <div className="app">
          <NavBar online={online} />
          <main className="content">
            {screen === "till" && <TillScreen />}
            {screen === "returns" && <ReturnsScreen />}
            {screen === "history" && <SalesHistoryScreen />}
            {screen === "cash" && <CashScreen />}
            {screen === "accounts" && <AccountsScreen />}
            {screen === "products" && <ProductsScreen />}
            {screen === "customers" && <CustomersScreen />}
            {screen === "purchasing" && <PurchasingScreen />}
            {screen === "sensors" && <SensorsScreen />}
            {screen === "staff" && <StaffScreen />}
            {screen === "settings" && <SettingsScreen />}
            {screen === "cards" && <CardsScreen />}
            {screen === "turnos" && <TurnosScreen />}
            {screen === "onlineOrders" && <OnlineOrdersScreen />}
          </main>
        </div>
      ) : (
        <LoginScreen />
      )}
      <Notices />
    </>
  );
}
