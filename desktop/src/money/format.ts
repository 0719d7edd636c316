/** The servers' es-AR money format lives in contracts (the error handler says limits with it too). */
export { formatMoney } from "@mostrador/contracts/money";
