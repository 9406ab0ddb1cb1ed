// post-change-password v2: exports.onExecutePostChangePassword
import type { CacheAPI, Connection, Request, Secrets, Tenant, User } from "../common";

/**
 * What post-change-password knows about a password change. It runs after the new password was
 * stored, in the background: it cannot undo the change, and a failing action is only logged.
 */
export interface Event {
  /** The connection of the user. */
  connection: Connection;
  /** The request that changed the password. */
  request: Request;
  /** The transaction of the change. */
  transaction?: { correlation_id?: string };
  /** The user whose password changed. */
  user: Partial<User>;
  /** The action's secrets by name. */
  secrets: Secrets;
  /** Configuration values of the action. Portcullis has no action configuration yet: always empty. */
  configuration: Record<string, string>;
  /** The tenant of the user. */
  tenant: Tenant;
}

/** Notification only: the one thing an action can use is the cache. */
export interface API {
  /** A small cache shared by this trigger's actions; see `CacheAPI`. */
  cache: CacheAPI;
}

/** `exports.onExecutePostChangePassword`: runs after each password change, without blocking it. */
export type OnExecutePostChangePassword = (event: Event, api: API) => Promise<void> | void;
