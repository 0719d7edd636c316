import type { RoutesFactory } from "@mostrador/kernel/core/module";

/** Prepaid cards: thin routes over the domain (cards/*.ts); requests and answers are contracts/src/http/cards.ts. */
export const cardsRoutes: RoutesFactory = () => async () => {};
