// Styles in cascade order: the tokens both UIs share, the till's base rules, then each screen's own file (imported
// by its components, after their own imports), and print rules last so they beat every screen's display.
import "@mostrador/contracts/design-tokens.css";
import "./styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { CustomerDisplayScreen } from "./customer-display/CustomerDisplayScreen.js";
import { CrashScreen } from "./shared/CrashScreen.js";
import "./print.css";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <CrashScreen>
        {/* The customer-facing display (#/cliente) is its own page: no nav, no login screen. */}
        {location.hash.startsWith("#/cliente") ? <CustomerDisplayScreen /> : <App />}
      </CrashScreen>
    </StrictMode>,
  );
}
