// post-user-registration v2: exports.onExecutePostUserRegistration
import type { CacheAPI, Connection, Request, Secrets, Tenant, User } from "../common";

/**
 * What post-user-registration knows about a new user. It runs after the user was created, in the
 * background: it cannot change the signup, and a failing action is only logged.
 */
export interface Event {
  /** The connection the user was created in. */
  connection: Connection;
  /** The signup request. */
  request?: Request;
  /** The signup transaction. */
  transaction?: { correlation_id?: string };
  /** The new user, with `user_id`. */
  user: User;
  /** The action's secrets by name. */
  secrets: Secrets;
  /** Configuration values of the action. Portcullis has no action configuration yet: always empty. */
  configuration: Record<string, string>;
  /** The tenant of the signup. */
  tenant: Tenant;
}

/** Notification only: the one thing an action can use is the cache. */
export interface API {
  /** A small cache shared by this trigger's actions; see `CacheAPI`. */
  cache: CacheAPI;
}

/** `exports.onExecutePostUserRegistration`: runs after each signup, without blocking it. */
export type OnExecutePostUserRegistration = (event: Event, api: API) => Promise<void> | void;
