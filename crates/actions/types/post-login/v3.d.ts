// post-login v3: exports.onExecutePostLogin / exports.onContinuePostLogin
import type { CacheRecord, CacheSetOptions, CacheWriteResult, Client, Connection, Request, Secrets, Tenant, User } from "../common";

export interface Event {
  authentication?: { methods: { name: string; timestamp: string }[] };
  authorization?: { roles: string[] };
  client: Client;
  connection: Connection;
  organization?: { id: string; name: string; display_name: string; metadata: Record<string, string> };
  request: Request;
  resource_server?: { identifier: string };
  secrets: Secrets;
  configuration: Record<string, string>;
  session?: { id: string };
  stats: { logins_count: number };
  tenant: Tenant;
  transaction?: {
    id?: string; acr_values?: string[]; locale?: string; login_hint?: string; prompt?: string[]; protocol?: string;
    redirect_uri?: string; requested_scopes?: string[]; response_mode?: string; response_type?: string[];
    state?: string; ui_locales?: string[]; correlation_id?: string; metadata: Record<string, string | number | boolean>;
  };
  user: User;
}

export type MfaProvider = "any" | "none" | "guardian" | "google-authenticator" | "duo";
export type FactorType = "otp" | "email" | "phone" | "push" | "push-notification" | "webauthn-platform" | "webauthn-roaming" | "recovery-code";
export interface Factor { type: FactorType; options?: Record<string, unknown>; }

export interface API {
  access: {
    deny(reason: string): API;
  };
  accessToken: {
    setCustomClaim(name: string, value: unknown): API;
    addScope(scope: string): void;
    removeScope(scope: string): void;
  };
  idToken: {
    setCustomClaim(name: string, value: unknown): API;
  };
  multifactor: {
    enable(provider: MfaProvider, options?: { allowRememberBrowser?: boolean; providerOptions?: Record<string, string> }): API;
  };
  authentication: {
    challengeWith(factor: Factor, options?: { additionalFactors?: Factor[] }): void;
    challengeWithAny(factors: Factor[]): void;
    enrollWith(factor: Factor, options?: { additionalFactors?: Factor[] }): void;
    enrollWithAny(factors: Factor[]): void;
    recordMethod(providerUrl: string): API;
    setPrimaryUser(primaryUserId: string): void;
  };
  redirect: {
    sendUserTo(url: string, options?: { query?: Record<string, string> }): API;
    encodeToken(options: { secret: string; payload: Record<string, unknown>; expiresInSeconds?: number }): string;
    validateToken(options: { secret: string; tokenParameterName?: string }): Record<string, unknown>;
    canRedirect(): boolean;
  };
  user: {
    setAppMetadata(name: string, value: unknown | null): API;
    setUserMetadata(name: string, value: unknown | null): API;
  };
  transaction: {
    setMetadata(name: string, value: string | number | boolean | null): void;
  };
  validation: {
    error(errorCode: string, errorMessage: string): API;
  };
  session: {
    revoke(reason: string, options?: { preserveRefreshTokens?: boolean }): void;
  };
  refreshToken: {
    revoke(reason: string): void;
  };
  cache: {
    get(key: string): CacheRecord | undefined;
    set(key: string, value: string, options?: CacheSetOptions): CacheWriteResult;
    delete(key: string): CacheWriteResult;
  };
}

export type PostLoginAPI = API;
export type OnExecutePostLogin = (event: Event, api: API) => Promise<void> | void;
export type OnContinuePostLogin = (event: Event, api: API) => Promise<void> | void;
