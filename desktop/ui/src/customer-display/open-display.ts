/**
 * Opens the customer display for this till in its own window (drag it to the second monitor, F11 for full
 * screen). Same origin, so it uses this till's session; the one named window is reused, not multiplied.
 */
export function openCustomerDisplay(): void {
  const url = `${location.pathname}${location.search}#/cliente`;
  window.open(url, "mostrador-cliente", "popup,width=1024,height=768");
}
