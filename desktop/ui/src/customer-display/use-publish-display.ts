import type { CustomerDisplayState } from "@mostrador/contracts/http/customer-display";
import { useEffect } from "react";
import { post } from "../api/client.js";
import { useCart } from "../cart/cart-store.js";
import { displayStateOf } from "./display-state.js";
import { useDisplayExtras } from "./display-extras-store.js";

/**
 * Publishes this till's display state to the appliance whenever it changes, one request at a time and
 * always the latest (a burst of scans sends the first and the last). A failure is ignored: the display
 * is a courtesy, never a reason to stop selling, and the next change sends the whole state again.
 */
export function usePublishCustomerDisplay(): void {
  useEffect(() => {
    let sentJson = "";
    let inFlight = false;
    let stopped = false;
    const send = () => {
      if (inFlight || stopped) return;
      const state: CustomerDisplayState = displayStateOf(useCart.getState(), useDisplayExtras.getState());
      const json = JSON.stringify(state);
      if (json === sentJson) return;
      inFlight = true;
      post("/api/customer-display", state)
        .then(() => {
          sentJson = json;
        })
        .catch(() => undefined)
        .finally(() => {
          inFlight = false;
          // Changes made while this one was on its way.
          if (JSON.stringify(displayStateOf(useCart.getState(), useDisplayExtras.getState())) !== json)
            send();
        });
    };
    // After the till has painted the change, not before: a scan's cart line is what the cashier waits for,
    // and building and posting the display's state in between delayed that paint. A burst of changes sends
    // once. requestAnimationFrame does not run while the till's window is hidden, so a timer backs it up.
    let scheduled = false;
    let timers: number[] = [];
    const sendAfterPaint = () => {
      if (scheduled) return;
      scheduled = true;
      const go = () => {
        if (!scheduled) return;
        scheduled = false;
        for (const t of timers) clearTimeout(t);
        timers = [];
        send();
      };
      requestAnimationFrame(() => timers.push(window.setTimeout(go, 0)));
      timers.push(window.setTimeout(go, 100));
    };
    // The next item scanned after a sale ends its "¡Gracias!".
    const stopCart = useCart.subscribe((cart, before) => {
      if (cart.lines.length > 0 && before.lines.length === 0 && useDisplayExtras.getState().done)
        useDisplayExtras.getState().setDone(null);
      sendAfterPaint();
    });
    const stopExtras = useDisplayExtras.subscribe(sendAfterPaint);
    send();
    return () => {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      stopCart();
      stopExtras();
    };
  }, []);
}
