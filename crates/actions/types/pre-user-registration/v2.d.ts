// pre-user-registration v2: exports.onExecutePreUserRegistration
import type { CacheRecord, CacheSetOptions, CacheWriteResult, Client, Connection, Request, Secrets, Tenant } from "../common";

export interface Event {
  client?: Client;
  connection: Connection;
  request: Request;
  secrets: Secrets;
  configuration: Record<string, string>;
  tenant: Tenant;
  transaction?: { locale: string; requested_scopes: string[]; ui_locales: string[]; correlation_id?: string };
  user: {
    email?: string; username?: string; phone_number?: string; name?: string; nickname?: string; given_name?: string;
    family_name?: string; picture?: string; user_metadata?: Record<string, unknown>; app_metadata?: Record<string, unknown>;
  };
}

export interface API {
  access: {
    deny(reason: string, userMessage?: string): API;
  };
  validation: {
    error(errorCode: string, errorMessage: string): API;
  };
  user: {
    setAppMetadata(name: string, value: unknown | null): API;
    setUserMetadata(name: string, value: unknown | null): API;
  };
  cache: {
    get(key: string): CacheRecord | undefined;
    set(key: string, value: string, options?: CacheSetOptions): CacheWriteResult;
    delete(key: string): CacheWriteResult;
  };
}

export type OnExecutePreUserRegistration = (event: Event, api: API) => Promise<void> | void;
