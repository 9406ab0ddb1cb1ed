// Fallback definitions for the post-login (v3) trigger, used only when crates/actions/types is absent
// at build time. Same shape as the crate's file: module-style, interfaces Event and API.

/** Details about the user and the context in which they are logging in. */
export interface Event {
  /** How the user authenticated in this transaction. */
  authentication?: { methods: { name: string; timestamp: string }[] };
  /** The names of the roles assigned to the user. */
  authorization?: { roles: string[] };
  /** The application the user is logging in to. */
  client: { client_id: string; name: string; metadata: Record<string, string> };
  /** The connection used to authenticate. */
  connection: { id: string; name: string; strategy: string; metadata?: Record<string, string> };
  /** The HTTP request that started the login. */
  request: {
    ip: string;
    method: string;
    hostname?: string;
    language?: string;
    user_agent?: string;
    query?: Record<string, unknown>;
    body?: Record<string, unknown>;
    geoip: { cityName?: string; countryCode?: string; countryName?: string; timeZone?: string };
  };
  /** The API (audience) the access token is requested for. */
  resource_server?: { identifier: string };
  /** The action's secrets, by name. */
  secrets: Record<string, string>;
  stats: { logins_count: number };
  tenant: { id: string };
  transaction?: { id?: string; locale?: string; protocol?: string; redirect_uri?: string; requested_scopes?: string[]; metadata: Record<string, string | number | boolean> };
  /** The user who is logging in. */
  user: {
    user_id: string;
    email?: string;
    email_verified: boolean;
    username?: string;
    name?: string;
    nickname?: string;
    picture?: string;
    created_at: string;
    updated_at: string;
    app_metadata: Record<string, unknown>;
    user_metadata: Record<string, unknown>;
    multifactor?: string[];
  };
}

/** Methods that change the outcome of the login. They record commands applied after the flow. */
export interface API {
  access: {
    /** Denies the login; no further actions run. */
    deny(reason: string): API;
  };
  accessToken: {
    /** Adds a claim to the access token. Use a namespaced key such as https://example.com/roles. */
    setCustomClaim(name: string, value: unknown): API;
    addScope(scope: string): void;
    removeScope(scope: string): void;
  };
  idToken: {
    /** Adds a claim to the ID token. */
    setCustomClaim(name: string, value: unknown): API;
  };
  multifactor: {
    /** Requires multi-factor authentication at the end of the flow. */
    enable(provider: "any" | "none" | "guardian" | "google-authenticator" | "duo", options?: { allowRememberBrowser?: boolean }): API;
  };
  redirect: {
    /** Sends the browser to a URL; the flow resumes in onContinuePostLogin at /continue. */
    sendUserTo(url: string, options?: { query?: Record<string, string> }): API;
    encodeToken(options: { secret: string; payload: Record<string, unknown>; expiresInSeconds?: number }): string;
    validateToken(options: { secret: string; tokenParameterName?: string }): Record<string, unknown>;
  };
  user: {
    /** Sets a key of app_metadata; null deletes it. Saved once at the end of the flow. */
    setAppMetadata(name: string, value: unknown): API;
    /** Sets a key of user_metadata; null deletes it. Saved once at the end of the flow. */
    setUserMetadata(name: string, value: unknown): API;
  };
}

export type OnExecutePostLogin = (event: Event, api: API) => Promise<void> | void;
export type OnContinuePostLogin = (event: Event, api: API) => Promise<void> | void;
