// password-reset-post-challenge v1: exports.onExecutePostChallenge / exports.onContinuePostChallenge
import type { CacheAPI, Client, Connection, Request, Secrets, Tenant, User } from "../common";

/**
 * What password-reset-post-challenge knows about a password reset: the user followed the reset link
 * and has not chosen the new password yet. Portcullis has no hosted password reset page yet, so the
 * server never runs this trigger; `portcullis actions test` can.
 */
export interface Event {
  /** How the user authenticated in this transaction. */
  authentication?: { methods: { name: string; timestamp: string }[] };
  /** `roles` holds the names of the roles assigned to the user. */
  authorization?: { roles: string[] };
  /** The application the reset started from. */
  client: Client;
  /** The connection of the user. */
  connection: Connection;
  /** The reset request. */
  request: Request;
  /** The action's secrets by name. */
  secrets: Secrets;
  /** Configuration values of the action. Portcullis has no action configuration yet: always empty. */
  configuration: Record<string, string>;
  /** `logins_count` is the number of successful logins. */
  stats: { logins_count: number };
  /** The tenant of the user. */
  tenant: Tenant;
  /** The reset transaction. */
  transaction?: Record<string, unknown>;
  /** The user resetting the password. */
  user: User;
}

/** A second factor, e.g. `{ type: "otp" }`. */
export interface Factor {
  /** The kind of factor. */
  type: string;
  /** Factor-specific options. */
  options?: Record<string, unknown>;
}

/** Allows, refuses or adds steps to the reset; changes are applied after the actions have run. */
export interface API {
  /** Refuse the reset. */
  access: {
    /**
     * Refuses the password reset; no further actions run.
     * @param reason Why, for the execution log.
     * @example
     * if (event.user.app_metadata.locked) api.access.deny("account locked");
     */
    deny(reason: string): API;
  };
  /** Ask for a second factor before the new password is chosen. */
  authentication: {
    /**
     * Challenges the user with a second factor after this action; the following actions run once it
     * is passed.
     * @param factor The preferred factor; it must have a `type`.
     * @param options `additionalFactors` the user may pick instead.
     */
    challengeWith(factor: Factor, options?: { additionalFactors?: Factor[] }): void;
    /**
     * Like `challengeWith`, letting the user pick among several factors.
     * @param factors A non-empty list of factors.
     */
    challengeWithAny(factors: Factor[]): void;
  };
  /** Send the user to an external page and resume afterwards. */
  redirect: {
    /**
     * After this action finishes, sends the browser to `url` (http or https) with the `query`
     * parameters and a `state` parameter added; the page sends the user back to `/continue`, and then
     * this action's `onContinuePostChallenge` runs.
     * @param url Where to send the user.
     * @param options `query`: extra query parameters for `url`.
     */
    sendUserTo(url: string, options?: { query?: Record<string, string> }): API;
    /**
     * Returns a signed (not encrypted) HS256 JWT for the external page: `payload` plus `iat`, `exp`,
     * `iss` (this server's host name), `sub` (the user id) and `ip`.
     * @param options `secret`: the shared key; `payload`: extra claims; `expiresInSeconds`: default 900.
     */
    encodeToken(options: { secret: string; payload: Record<string, unknown>; expiresInSeconds?: number }): string;
    /**
     * Reads the token sent back to `/continue` (query or POST body), checks it (HS256 signature,
     * expiry, `sub`, `iss`, and a `state` claim equal to the request's `state`) and returns its claims;
     * throws when a check fails.
     * @param options `secret`: the shared key; `tokenParameterName`: default `session_token`.
     */
    validateToken(options: { secret: string; tokenParameterName?: string }): Record<string, unknown>;
  };
  /** Choose where the user lands after the reset. */
  transaction: {
    /**
     * Sets the page the user is sent to once the password was reset (an http or https URL).
     * @param url The result page.
     * @param options Reserved; must be an object if given.
     */
    setResultUrl(url: string, options?: Record<string, unknown>): void;
  };
  /** A small cache shared by this trigger's actions; see `CacheAPI`. */
  cache: CacheAPI;
}

/** `exports.onExecutePostChallenge`: runs after the user followed the reset link. */
export type OnExecutePostChallenge = (event: Event, api: API) => Promise<void> | void;
/** `exports.onContinuePostChallenge`: runs when the user comes back from `api.redirect.sendUserTo`. */
export type OnContinuePostChallenge = (event: Event, api: API) => Promise<void> | void;
