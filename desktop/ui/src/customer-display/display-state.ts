import { type CustomerDisplayState, DISPLAY_TEXT_MAX } from "@mostrador/contracts/http/customer-display";
import { type CartState, cartTotals, lineAmounts } from "../cart/cart-logic.js";

interface Extras {
  mercadoPago: CustomerDisplayState["mercadoPago"];
  done: CustomerDisplayState["done"];
}

/**
 * What the customer sees for this cart: its lines and total while there is a ticket (with the QR being
 * charged), "¡Gracias!" after a sale until the next item, and otherwise nothing (the shop's name).
 */
export function displayStateOf(cart: CartState, extras: Extras): CustomerDisplayState {
  if (cart.lines.length === 0)
    return { lines: [], total: 0, customerName: null, mercadoPago: null, done: extras.done };
  const amounts = lineAmounts(cart);
  const lines = cart.lines.map((line) => ({
    name: line.product.name.slice(0, DISPLAY_TEXT_MAX),
    quantity: line.quantity,
    unit: line.product.unit,
    amount: amounts.get(line.key)?.total ?? 0,
  }));
  return {
    lines,
    total: cartTotals(cart).total,
    customerName: cart.customer?.name.slice(0, DISPLAY_TEXT_MAX) || null,
    mercadoPago: extras.mercadoPago,
    done: null,
  };
}
