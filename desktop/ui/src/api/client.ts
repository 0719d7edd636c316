import { createApiClient } from "@mostrador/contracts/http-client";

/** The till's client for the appliance's local API (this PC or the shop's main till on the LAN). */
export const { api, get, post, patch, put, del, setToken, getToken, setUnauthorizedHandler } =
  createApiClient({
    unreachable: "Sin conexión con el equipo central; reintentá en unos segundos",
    statusOnly: (status) => `Error ${status} del equipo central`,
  });
