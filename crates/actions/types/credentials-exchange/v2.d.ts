// credentials-exchange v2: exports.onExecuteCredentialsExchange
import type { CacheAPI, Client, Request, Secrets, Tenant } from "../common";

/**
 * What credentials-exchange knows about a client-credentials (machine-to-machine) token request. It
 * runs after the client authenticated and before the access token is returned.
 */
export interface Event {
  /** The access token about to be issued: `scope` holds its scopes; `customClaims` is empty in Portcullis. */
  accessToken: { customClaims: Record<string, unknown>; scope: string[] };
  /** The application asking for the token. */
  client: Client;
  /** The token request. */
  request: Request;
  /** The API (audience) the token is for. */
  resource_server: { identifier: string };
  /** The action's secrets by name. */
  secrets: Secrets;
  /** Configuration values of the action. Portcullis has no action configuration yet: always empty. */
  configuration: Record<string, string>;
  /** The tenant of the request. */
  tenant: Tenant;
  /** The token request: `requested_scopes` are the scopes the client asked for. */
  transaction: { requested_scopes: string[]; correlation_id?: string };
}

/** Changes the outcome of the token request; changes are applied after all actions have run. */
export interface API {
  /** Refuse the token. */
  access: {
    /**
     * Refuses the token; no further actions run. The client receives `code` as the OAuth error and
     * `reason` as its description.
     * @param code `invalid_scope`, `invalid_request` or `server_error`; anything else throws.
     * @param reason The error description sent to the client.
     * @example
     * if (!event.client.metadata.tier) api.access.deny("invalid_request", "This client has no tier.");
     */
    deny(code: "invalid_scope" | "invalid_request" | "server_error", reason?: string): API;
  };
  /** Change the access token. */
  accessToken: {
    /**
     * Adds a claim to the access token; a later call with the same name wins. The name `scope`
     * throws; reserved names (`sub`, `aud`, `iss`, `exp`, `iat`, `azp`, `gty`, `client_id`,
     * `permissions`, ...) are silently left out. Use a namespaced name such as `https://example.com/tier`.
     * @param name The claim name.
     * @param value Any JSON value.
     * @example
     * api.accessToken.setCustomClaim("https://example.com/tier", event.client.metadata.tier);
     */
    setCustomClaim(name: string, value: unknown): API;
  };
  /** A small cache shared by this trigger's actions; see `CacheAPI`. */
  cache: CacheAPI;
}

/** `exports.onExecuteCredentialsExchange`: runs for every client-credentials token request. */
export type OnExecuteCredentialsExchange = (event: Event, api: API) => Promise<void> | void;
