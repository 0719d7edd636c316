import { AccountsScreen } from "./accounts/AccountsScreen.js";
import { AlarmsScreen } from "./alarms/AlarmsScreen.js";
import { CardsScreen } from "./cards/CardsScreen.js";
import { CatalogScreen } from "./catalog/CatalogScreen.js";
import { CustomersScreen } from "./customers/CustomersScreen.js";
import { LoginScreen } from "./login/LoginScreen.js";
import { MessagingScreen } from "./messaging/MessagingScreen.js";
import { NavBar } from "./nav/NavBar.js";
import { PurchasingScreen } from "./purchasing/PurchasingScreen.js";
import { useNav } from "./nav/nav-store.js";
import { SalesScreen } from "./sales/SalesScreen.js";
import { useSession } from "./session/session-store.js";
import { StockScreen } from "./stock/StockScreen.js";
import { StoresScreen } from "./stores/StoresScreen.js";

const SCREENS = {
  sales: SalesScreen,
  stores: StoresScreen,
  stock: StockScreen,
  catalog: CatalogScreen,
  customers: CustomersScreen,
  alarms: AlarmsScreen,
  messaging: MessagingScreen,
  purchasing: PurchasingScreen,
  accounts: AccountsScreen,
  cards: CardsScreen,
};

export function App() {
  const session = useSession((s) => s.session);
  const screen = useNav((s) => s.screen);
  if (!session) return <LoginScreen />;
  const Screen = SCREENS[screen];
  return (
    <div className="app">
      <NavBar />
      <main className="content" data-testid={`screen-${screen}`}>
        <Screen />
      </main>
    </div>
  );
}
