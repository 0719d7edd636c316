import { isHeightMessage } from "./frame-message.js";

/**
 * The embeddable widget (built to /reservar/widget.js): a shop pastes
 * `<script src="<cloud>/reservar/widget.js" data-store="<storeId>" async></script>` in its own site and
 * the booking page opens right there in an iframe, so no style of either page reaches the other. The
 * page tells its height by postMessage; only messages from that iframe, from the cloud's origin, count.
 * Optional: `data-lang="en"`, `data-target="<element id>"` (where to put it; default: after the script).
 */
function scriptsToMount(): HTMLScriptElement[] {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.store) return [current];
  // Loaded some other way (a tag manager): every widget script not mounted yet.
  return [
    ...document.querySelectorAll<HTMLScriptElement>('script[src*="/reservar/widget.js"][data-store]'),
  ].filter((s) => !s.dataset.mostradorMounted);
}

function mount(script: HTMLScriptElement): void {
  script.dataset.mostradorMounted = "1";
  const storeId = script.dataset.store ?? "";
  const origin = new URL(script.src, location.href).origin;
  const src = new URL(`/reservar/${encodeURIComponent(storeId)}`, origin);
  src.searchParams.set("embed", "1");
  if (script.dataset.lang) src.searchParams.set("lang", script.dataset.lang);

  const frame = document.createElement("iframe");
  frame.src = src.href;
  frame.title = script.dataset.title ?? "Reservar un turno";
  frame.loading = "lazy";
  frame.setAttribute("data-mostrador-reservar", storeId);
  frame.style.cssText = "display:block;width:100%;max-width:560px;height:640px;border:0;margin:0 auto;";

  window.addEventListener("message", (event) => {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    if (isHeightMessage(event.data)) frame.style.height = `${Math.ceil(event.data.height)}px`;
  });

  const target = script.dataset.target ? document.getElementById(script.dataset.target) : null;
  if (target) target.appendChild(frame);
  else script.insertAdjacentElement("afterend", frame);
}

for (const script of scriptsToMount()) mount(script);
