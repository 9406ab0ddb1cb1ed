// send-phone-message v2: exports.onExecuteSendPhoneMessage
import type { CacheRecord, CacheSetOptions, CacheWriteResult, Client, Connection, Request, Secrets, Tenant, User } from "../common";

export interface Event {
  message_options: { action: "enrollment" 
   "second-factor-authentication"; code: string; message_type: "sms" 
   "voice"; recipient: string; text: string };
  client?: Client;
  request: Request;
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

export type OnExecuteSendPhoneMessage = (event: Event, api: API) => Promise<void> | void;
