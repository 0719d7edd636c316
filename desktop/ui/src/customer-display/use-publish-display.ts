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
    // The next item scanned after a sale ends its "¡Gracias!".
    const stopCart = useCart.subscribe((cart, before) => {
      if (cart.lines.length > 0 && before.lines.length === 0 && useDisplayExtras.getState().done)
        useDisplayExtras.getState().setDone(null);
      send();
    });
    const stopExtras = useDisplayExtras.subscribe(send);
    send();
    return () => {
      stopped = true;
      stopCart();
      stopExtras();
    };
  }, []);
}
