// password-reset-post-challenge v1: exports.onExecutePostChallenge / exports.onContinuePostChallenge
import type { CacheRecord, CacheSetOptions, CacheWriteResult, Client, Connection, Request, Secrets, Tenant, User } from "../common";

export interface Event {
  authentication?: { methods: { name: string; timestamp: string }[] };
  authorization?: { roles: string[] };
  client: Client;
  connection: Connection;
  request: Request;
  secrets: Secrets;
  configuration: Record<string, string>;
  stats: { logins_count: number };
  tenant: Tenant;
  transaction?: Record<string, unknown>;
  user: User;
}

export interface Factor { type: string; options?: Record<string, unknown>; }

export interface API {
  access: {
    deny(reason: string): API;
  };
  authentication: {
    challengeWith(factor: Factor, options?: { additionalFactors?: Factor[] }): void;
    challengeWithAny(factors: Factor[]): void;
  };
  redirect: {
    sendUserTo(url: string, options?: { query?: Record<string, string> }): API;
    encodeToken(options: { secret: string; payload: Record<string, unknown>; expiresInSeconds?: number }): string;
    validateToken(options: { secret: string; tokenParameterName?: string }): Record<string, unknown>;
  };
  transaction: {
    setResultUrl(url: string, options?: Record<string, unknown>): void;
  };
  cache: {
    get(key: string): CacheRecord | undefined;
    set(key: string, value: string, options?: CacheSetOptions): CacheWriteResult;
    delete(key: string): CacheWriteResult;
  };
}

export type OnExecutePostChallenge = (event: Event, api: API) => Promise<void> | void;
export type OnContinuePostChallenge = (event: Event, api: API) => Promise<void> | void;
