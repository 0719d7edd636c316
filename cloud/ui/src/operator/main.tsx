// The operator's console (/operador): the dashboard's tokens and base, its own small app and words.
import "@mostrador/contracts/design-tokens.css";
import "../styles.css";
import "./operator.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { OperatorApp } from "./OperatorApp.js";

const root = document.getElementById("root");
if (root)
  createRoot(root).render(
    <StrictMode>
      <OperatorApp />
    </StrictMode>,
  );
