import { ChannelsScreen } from "./channels/ChannelsScreen.js";
import { AccountsScreen } from "./accounts/AccountsScreen.js";
import { AnalyticsScreen } from "./analytics/AnalyticsScreen.js";
import { ApiKeysScreen } from "./apikeys/ApiKeysScreen.js";
import { BillingBanner } from "./billing/BillingBanner.js";
import { BillingScreen } from "./billing/BillingScreen.js";
import { AlarmsScreen } from "./alarms/AlarmsScreen.js";
import { CardsScreen } from "./cards/CardsScreen.js";
import { CatalogScreen } from "./catalog/CatalogScreen.js";
import { CustomersScreen } from "./customers/CustomersScreen.js";
import { MessagingScreen } from "./messaging/MessagingScreen.js";
import { NavBar } from "./nav/NavBar.js";
import { PurchasingScreen } from "./purchasing/PurchasingScreen.js";
import { useNav } from "./nav/nav-store.js";
import { SalesScreen } from "./sales/SalesScreen.js";
import { useSession } from "./session/session-store.js";
import { usePublicNav } from "./signup/public-nav.js";
import { PublicScreen } from "./signup/PublicScreen.js";
import { UnverifiedBanner } from "./signup/UnverifiedBanner.js";
import { TeamScreen } from "./team/TeamScreen.js";
import { StockScreen } from "./stock/StockScreen.js";
import { StoresScreen } from "./stores/StoresScreen.js";
import { TurnosScreen } from "./turnos/TurnosScreen.js";
import { WebhooksScreen } from "./webhooks/WebhooksScreen.js";
import { TenantDataScreen } from "./tenant-data/TenantDataScreen.js";
import { SegmentsScreen } from "./campaigns/SegmentsScreen.js";
import { CampaignsScreen } from "./campaigns/CampaignsScreen.js";
import { AutomationsScreen } from "./campaigns/AutomationsScreen.js";
import { PayLinksScreen } from "./paylinks/PayLinksScreen.js";
import { SensorsScreen } from "./sensors/SensorsScreen.js";
import { StorePagesScreen } from "./landing/StorePagesScreen.js";

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
  team: TeamScreen,
  turnos: TurnosScreen,
  billing: BillingScreen,
  api: ApiKeysScreen,
  webhooks: WebhooksScreen,
  tenantData: TenantDataScreen,
  segments: SegmentsScreen,
  campaigns: CampaignsScreen,
  automations: AutomationsScreen,
  payLinks: PayLinksScreen,
  channels: ChannelsScreen,
  analytics: AnalyticsScreen,
  sensors: SensorsScreen,
  storePages: StorePagesScreen,
};

export function App() {
  const session = useSession((s) => s.session);
  const screen = useNav((s) => s.screen);
  // An emailed link (verification, reset, invitation) opens its page even with a session on this browser.
  const linkOpen = usePublicNav((s) => s.token !== null);
  if (!session || linkOpen) return <PublicScreen />;
  const Screen = SCREENS[screen];
  return (
    <div className="app">
      <NavBar />
      <UnverifiedBanner />
      <BillingBanner />
      <main className="content" data-testid={`screen-${screen}`}>
        <Screen />
      </main>
    </div>
  );
}
