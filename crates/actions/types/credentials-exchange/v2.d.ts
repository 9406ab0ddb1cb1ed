// credentials-exchange v2: exports.onExecuteCredentialsExchange
import type { CacheRecord, CacheSetOptions, CacheWriteResult, Client, Request, Secrets, Tenant } from "../common";

export interface Event {
  accessToken: { customClaims: Record<string, unknown>; scope: string[] };
  client: Client;
  request: Request;
  resource_server: { identifier: string };
  secrets: Secrets;
  configuration: Record<string, string>;
  tenant: Tenant;
  transaction: { requested_scopes: string[]; correlation_id?: string };
}

export interface API {
  access: {
    deny(code: "invalid_scope" | "invalid_request" | "server_error", reason?: string): API;
  };
  accessToken: {
    setCustomClaim(name: string, value: unknown): API;
  };
  cache: {
    get(key: string): CacheRecord | undefined;
    set(key: string, value: string, options?: CacheSetOptions): CacheWriteResult;
    delete(key: string): CacheWriteResult;
  };
}

export type OnExecuteCredentialsExchange = (event: Event, api: API) => Promise<void> | void;
