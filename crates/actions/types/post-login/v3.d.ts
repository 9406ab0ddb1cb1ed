// post-login v3: exports.onExecutePostLogin / exports.onContinuePostLogin
import type { CacheAPI, Client, Connection, Request, Secrets, Tenant, User } from "../common";

/**
 * What post-login knows about the login in progress. It runs after the user authenticated and before
 * tokens are issued: on browser logins, on refresh-token exchanges and on password grants.
 * Changing `event` does nothing; use `api` to change the outcome.
 */
export interface Event {
  /** How the user authenticated in this transaction: one entry per method (`pwd`, `mfa`, ...) with its ISO 8601 time. */
  authentication?: { methods: { name: string; timestamp: string }[] };
  /** Authorization data of the user: `roles` holds the names of the roles assigned to the user. */
  authorization?: { roles: string[] };
  /** The application the user is logging in to. */
  client: Client;
  /** The connection the user authenticated with. */
  connection: Connection;
  /** The organization of the login. Portcullis has no organizations yet, so this is never set. */
  organization?: { id: string; name: string; display_name: string; metadata: Record<string, string> };
  /**
   * The request that reached this point: the `/authorize` request on a browser login, the `/continue`
   * request when resuming after `api.redirect.sendUserTo`, the token request otherwise.
   */
  request: Request;
  /** The API (audience) the access token is requested for, when the application asked for one. */
  resource_server?: { identifier: string };
  /** The action's secrets by name. Read them here; never hard-code credentials in the code. */
  secrets: Secrets;
  /** Configuration values of the action. Portcullis has no action configuration yet: always empty. */
  configuration: Record<string, string>;
  /** The user's single sign-on session, when there is one (not on token-endpoint grants without a session). */
  session?: { id: string };
  /** Counters about the user: `logins_count` is the number of successful logins. */
  stats: { logins_count: number };
  /** The tenant the login belongs to. */
  tenant: Tenant;
  /**
   * The authorization transaction. Portcullis fills `id`, `protocol` (`oidc-basic-profile` for browser
   * logins, `oauth2-refresh-token`, `oauth2-password`), `requested_scopes`, `redirect_uri`, `state`,
   * `response_type`, `locale`, `ui_locales` and `metadata`.
   */
  transaction?: {
    id?: string; acr_values?: string[]; locale?: string; login_hint?: string; prompt?: string[]; protocol?: string;
    redirect_uri?: string; requested_scopes?: string[]; response_mode?: string; response_type?: string[];
    state?: string; ui_locales?: string[]; correlation_id?: string;
    /** Values set with `api.transaction.setMetadata` by earlier actions of this execution. */
    metadata: Record<string, string | number | boolean>;
  };
  /** The user logging in, with metadata changes made by earlier actions of this execution already applied. */
  user: User;
}

/**
 * The MFA provider asked for by `api.multifactor.enable`. Portcullis has one built-in second factor
 * (one-time passwords from an authenticator app, with a recovery code), used for every value except `none`.
 */
export type MfaProvider = "any" | "none" | "guardian" | "google-authenticator" | "duo";
/** A kind of second factor. Portcullis accepts them all for compatibility but offers its built-in one-time passwords. */
export type FactorType = "otp" | "email" | "phone" | "push" | "push-notification" | "webauthn-platform" | "webauthn-roaming" | "recovery-code";
/** A second factor for `challengeWith` / `enrollWith`, e.g. `{ type: "otp" }`. */
export interface Factor {
  /** The kind of factor. */
  type: FactorType;
  /** Factor-specific options (e.g. `preferredMethod` for `phone`); ignored by Portcullis. */
  options?: Record<string, unknown>;
}

/**
 * Changes the outcome of the login. Methods only record what to do: Portcullis applies the recorded
 * changes of all actions once the flow is over (or as soon as an action denies).
 */
export interface API {
  /** Allow or deny the login. */
  access: {
    /**
     * Denies the login. No further actions run, and the application receives the OAuth error
     * `access_denied` with `reason` as its description. Changes this action already asked for (for
     * example metadata) are still applied.
     * @param reason Shown to the application as `error_description`; keep it free of secrets.
     * @example
     * if (!event.user.email_verified) {
     *   api.access.deny("Please verify your email address first.");
     * }
     */
    deny(reason: string): API;
  };
  /** Change the access token. */
  accessToken: {
    /**
     * Adds a claim to the access token issued at the end of the flow; a later call with the same
     * name wins. The name `scope` throws. Reserved names (`sub`, `aud`, `iss`, `exp`, `iat`, `nbf`,
     * `jti`, `azp`, `amr`, `acr`, `auth_time`, `sid`, `nonce`, `permissions`, `client_id`, ...) are
     * silently left out. Use a namespaced name such as `https://example.com/roles`.
     * @param name The claim name.
     * @param value Any JSON value.
     * @example
     * api.accessToken.setCustomClaim("https://example.com/roles", event.authorization?.roles ?? []);
     */
    setCustomClaim(name: string, value: unknown): API;
    /**
     * Adds a scope to the scopes granted for this token, even if the application did not request
     * it. Scopes are trimmed and must be 1 to 280 characters without whitespace.
     * @param scope One scope value, e.g. `read:reports`.
     */
    addScope(scope: string): void;
    /**
     * Removes a scope from the scopes granted for this token. Undoes an earlier `addScope` of the
     * same scope. Scopes are trimmed and must be 1 to 280 characters without whitespace.
     * @param scope One scope value.
     */
    removeScope(scope: string): void;
  };
  /** Change the ID token. */
  idToken: {
    /**
     * Adds a claim to the ID token issued at the end of the flow; a later call with the same name
     * wins. The name `scope` throws; reserved OIDC claim names (`sub`, `aud`, `iss`, `exp`, `nonce`,
     * ...) are silently left out. Use a namespaced name such as `https://example.com/plan`.
     * @param name The claim name.
     * @param value Any JSON value.
     * @example
     * api.idToken.setCustomClaim("https://example.com/plan", event.user.app_metadata.plan);
     */
    setCustomClaim(name: string, value: unknown): API;
  };
  /** Require a second factor. */
  multifactor: {
    /**
     * Requires multi-factor authentication before tokens are issued. The prompt comes after all
     * actions have run; a user without a factor is asked to enroll one first. Every provider except
     * `none` leads to Portcullis' built-in one-time passwords; `none` adds no requirement (it does not
     * switch off an MFA policy of the tenant). On refresh-token and password grants, where no page
     * can be shown, the request fails with `mfa_required` unless the user already passed MFA.
     * @param provider `any` (recommended), `guardian`, `google-authenticator`, `duo` or `none`.
     * @param options `allowRememberBrowser: true` lets the MFA page offer "remember this browser"
     *   when the tenant allows it; `providerOptions` is ignored by Portcullis.
     * @example
     * if (event.authorization?.roles.includes("Admin")) {
     *   api.multifactor.enable("any", { allowRememberBrowser: false });
     * }
     */
    enable(provider: MfaProvider, options?: { allowRememberBrowser?: boolean; providerOptions?: Record<string, string> }): API;
  };
  /** Control authentication steps within the flow. */
  authentication: {
    /**
     * Challenges the user with a second factor right after this action; the following actions run
     * only once the challenge is passed. The factor type is checked, but Portcullis always uses its
     * built-in one-time passwords (or a recovery code), enrolling the user first if needed.
     * @param factor The preferred factor, e.g. `{ type: "otp" }`.
     * @param options `additionalFactors` the user may pick instead.
     */
    challengeWith(factor: Factor, options?: { additionalFactors?: Factor[] }): void;
    /**
     * Like `challengeWith`, letting the user pick among several factors. Portcullis validates the
     * list (non-empty, known types) and challenges with its built-in one-time passwords.
     * @param factors The factors to offer.
     */
    challengeWithAny(factors: Factor[]): void;
    /**
     * Makes the user enroll a second factor right after this action; the following actions run
     * once it is done. Portcullis enrolls one-time passwords whatever the type (`email` is not
     * accepted); an already enrolled user is challenged instead.
     * @param factor The factor to enroll, e.g. `{ type: "otp" }`.
     * @param options `additionalFactors` the user may pick instead.
     */
    enrollWith(factor: Factor, options?: { additionalFactors?: Factor[] }): void;
    /**
     * Like `enrollWith`, letting the user pick among several factors; Portcullis enrolls one-time
     * passwords.
     * @param factors The factors to offer.
     */
    enrollWithAny(factors: Factor[]): void;
    /**
     * Records that the user completed a custom authentication method at an external site. Only
     * allowed in `onContinuePostLogin`; the URL must be http or https. Portcullis validates and
     * records the call, but does not yet list the method in `event.authentication.methods` of later logins.
     * @param providerUrl The URL identifying the method.
     */
    recordMethod(providerUrl: string): API;
    /**
     * Asks to continue the login as another (primary) user, for account linking. Allowed once per
     * transaction; the id must be non-empty and at most 128 characters. Not implemented by
     * Portcullis yet: the call is validated, and the login continues as the authenticated user.
     * @param primaryUserId The `user_id` of the primary account.
     */
    setPrimaryUser(primaryUserId: string): void;
  };
  /** Send the user to an external page and resume afterwards. */
  redirect: {
    /**
     * After this action finishes, sends the browser to `url` (an http or https URL) with the
     * `query` parameters and a `state` parameter added. The page sends the user back to
     * `/continue?state=...` (GET or POST); then this action's `onContinuePostLogin` runs, followed by
     * the remaining actions. Actions before it do not run again. Check `canRedirect()` first: silent
     * authentication fails with `interaction_required`, token-endpoint grants with `access_denied`.
     * @param url Where to send the user.
     * @param options `query`: extra query parameters for `url`.
     * @example
     * if (api.redirect.canRedirect()) {
     *   const token = api.redirect.encodeToken({ secret: event.secrets.REDIRECT_SECRET, payload: { email: event.user.email } });
     *   api.redirect.sendUserTo("https://forms.example.com/profile", { query: { session_token: token } });
     * }
     */
    sendUserTo(url: string, options?: { query?: Record<string, string> }): API;
    /**
     * Returns a signed (not encrypted) HS256 JWT to hand to the external page. Its claims are
     * `payload` plus `iat`, `exp`, `iss` (this server's host name), `sub` (the user id) and `ip`.
     * @param options `secret`: the shared key, best read from `event.secrets`; `payload`: extra claims;
     *   `expiresInSeconds`: lifetime, default 900.
     */
    encodeToken(options: { secret: string; payload: Record<string, unknown>; expiresInSeconds?: number }): string;
    /**
     * In `onContinuePostLogin`: reads the token the external page sent back (query or POST body of
     * `/continue`), checks it and returns its claims. It throws unless the token is an HS256 JWT signed
     * with `secret`, not expired, with `sub` equal to the user id, `iss` equal to this server's host
     * name and a `state` claim equal to the `state` of the `/continue` request. So the external page
     * signs its answer with the same secret, copying `sub`, `iss` and the `state` it was given.
     * @param options `secret`: the shared key; `tokenParameterName`: the parameter holding the token,
     *   default `session_token`.
     * @example
     * exports.onContinuePostLogin = async (event, api) => {
     *   const claims = api.redirect.validateToken({ secret: event.secrets.REDIRECT_SECRET });
     *   api.user.setUserMetadata("favourite_colour", claims.favourite_colour);
     * };
     */
    validateToken(options: { secret: string; tokenParameterName?: string }): Record<string, unknown>;
    /**
     * Whether `sendUserTo` can work in this flow: false for silent authentication (`prompt=none`) and
     * for flows without a browser (refresh token, password grants).
     */
    canRedirect(): boolean;
  };
  /** Change the user's stored metadata. */
  user: {
    /**
     * Sets one top-level key of the user's `app_metadata` (the whole value is replaced; `null`
     * deletes the key). Changes of all actions are written once, at the end of the execution, even
     * when an action denies the login; later actions already see them in `event.user.app_metadata`.
     * @param name A non-empty key.
     * @param value Any JSON value, or `null` to delete the key.
     * @example
     * api.user.setAppMetadata("last_login_ip", event.request.ip);
     */
    setAppMetadata(name: string, value: unknown | null): API;
    /**
     * Sets one top-level key of the user's `user_metadata` (the whole value is replaced; `null`
     * deletes the key). Written once at the end of the execution, even when an action denies;
     * later actions already see the change in `event.user.user_metadata`.
     * @param name A non-empty key.
     * @param value Any JSON value, or `null` to delete the key.
     */
    setUserMetadata(name: string, value: unknown | null): API;
  };
  /** Share data with later actions. */
  transaction: {
    /**
     * Stores a value in `event.transaction.metadata` for the following actions of this execution.
     * It is never stored with the user. Keys are at most 64 characters; values are strings (at most
     * 8 KB), safe integers, booleans, or `null` to delete. Unlike Auth0, Portcullis does not keep these
     * values across a redirect or an MFA challenge.
     * @param name The key.
     * @param value The value, or `null` to delete it.
     */
    setMetadata(name: string, value: string | number | boolean | null): void;
  };
  /** Fail the login with a validation error. */
  validation: {
    /**
     * Fails the login; no further actions run. Portcullis reports it to the application as
     * `access_denied` with `errorMessage` as the description; `errorCode` is not passed on.
     * @param errorCode A short code for your own use.
     * @param errorMessage The description shown to the application.
     */
    error(errorCode: string, errorMessage: string): API;
  };
  /** Control the user's session. */
  session: {
    /**
     * Denies the login (`access_denied` with `reason`), and no further actions run. Portcullis does
     * not yet end the single sign-on session itself, and `preserveRefreshTokens` has no effect.
     * @param reason The description sent to the application.
     */
    revoke(reason: string, options?: { preserveRefreshTokens?: boolean }): void;
  };
  /** Control the refresh token being exchanged. */
  refreshToken: {
    /**
     * Refuses the refresh-token exchange (or the login) with `access_denied` and `reason`; no
     * further actions run. Portcullis does not yet revoke the refresh token itself.
     * @param reason The description sent to the application.
     */
    revoke(reason: string): void;
  };
  /** A small cache shared by this trigger's actions; see `CacheAPI`. */
  cache: CacheAPI;
}

/** The `api` of post-login. */
export type PostLoginAPI = API;
/** `exports.onExecutePostLogin`: runs for every login, in the order of the post-login flow. */
export type OnExecutePostLogin = (event: Event, api: API) => Promise<void> | void;
/** `exports.onContinuePostLogin`: runs when the user comes back from `api.redirect.sendUserTo`. */
export type OnContinuePostLogin = (event: Event, api: API) => Promise<void> | void;
