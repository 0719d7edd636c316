import { createApiClient } from "@mostrador/contracts/http-client";

/** The dashboard's client for the cloud API (/v1), in the owner's words. */
export const { api, get, post, put, patch, del, setToken, setUnauthorizedHandler } = createApiClient({
  unreachable: "Sin conexión con la nube; reintentá en unos segundos",
  statusOnly: (status) => `Error ${status} de la nube`,
});
