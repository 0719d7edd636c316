// The patients' booking page (served at /reservar/<storeId>): the tokens and base the dashboard uses,
// then its own phone-first rules.
import "@mostrador/contracts/design-tokens.css";
import "../styles.css";
import "./booking.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { useLocale } from "../i18n/i18n.js";
import { BookingApp } from "./BookingApp.js";
import { reportHeightWhenEmbedded } from "./report-height.js";

// The widget may ask for English (data-lang="en"); otherwise the visitor's last choice, Spanish first.
if (new URLSearchParams(location.search).get("lang") === "en" && useLocale.getState().locale !== "en")
  useLocale.getState().toggle();

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <BookingApp />
    </StrictMode>,
  );
  reportHeightWhenEmbedded(root);
}
