// post-user-registration v2: exports.onExecutePostUserRegistration
import type { CacheRecord, CacheSetOptions, CacheWriteResult, Client, Connection, Request, Secrets, Tenant, User } from "../common";

export interface Event {
  connection: Connection;
  request?: Request;
  transaction?: { correlation_id?: string };
  user: User;
  secrets: Secrets;
  configuration: Record<string, string>;
  tenant: Tenant;
}

export interface API {
  cache: {
    get(key: string): CacheRecord | undefined;
    set(key: string, value: string, options?: CacheSetOptions): CacheWriteResult;
    delete(key: string): CacheWriteResult;
  };
}

export type OnExecutePostUserRegistration = (event: Event, api: API) => Promise<void> | void;
