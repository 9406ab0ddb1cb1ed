// pre-user-registration v2: exports.onExecutePreUserRegistration
import type { CacheAPI, Client, Connection, Request, Secrets, Tenant } from "../common";

/** What pre-user-registration knows about a signup. It runs before the user is created. */
export interface Event {
  /** The application the user signs up from. */
  client?: Client;
  /** The database connection the user will be created in. */
  connection: Connection;
  /** The signup request. */
  request: Request;
  /** The action's secrets by name. */
  secrets: Secrets;
  /** Configuration values of the action. Portcullis has no action configuration yet: always empty. */
  configuration: Record<string, string>;
  /** The tenant of the signup. */
  tenant: Tenant;
  /** The authorization transaction the signup is part of. */
  transaction?: { locale: string; requested_scopes: string[]; ui_locales: string[]; correlation_id?: string };
  /** The user about to be created; there is no `user_id` yet. */
  user: {
    email?: string; username?: string; phone_number?: string; name?: string; nickname?: string; given_name?: string;
    family_name?: string; picture?: string; user_metadata?: Record<string, unknown>; app_metadata?: Record<string, unknown>;
  };
}

/** Allows, refuses or adjusts the signup; changes are applied when the user is created. */
export interface API {
  /** Refuse the signup. */
  access: {
    /**
     * Refuses the signup: the user is not created and no further actions run.
     * @param reason For the execution log, not shown to the user.
     * @param userMessage Shown on the signup page; without it the page says the user is not allowed
     *   to register.
     * @example
     * if (!event.user.email?.endsWith("@example.com")) {
     *   api.access.deny("outside domain", "Only example.com addresses can sign up.");
     * }
     */
    deny(reason: string, userMessage?: string): API;
  };
  /** Refuse the signup with a validation error. */
  validation: {
    /**
     * Refuses the signup like `access.deny`, showing `errorMessage` on the signup page.
     * @param errorCode A short code for the execution log.
     * @param errorMessage Shown to the user.
     */
    error(errorCode: string, errorMessage: string): API;
  };
  /** Set the new user's metadata. */
  user: {
    /**
     * Sets one top-level key of the new user's `app_metadata`; later calls win, and later actions
     * see the value in `event.user.app_metadata`. A `null` value leaves the key out.
     * @param name A non-empty key.
     * @param value Any JSON value, or `null`.
     * @example
     * api.user.setAppMetadata("plan", "free");
     */
    setAppMetadata(name: string, value: unknown | null): API;
    /**
     * Sets one top-level key of the new user's `user_metadata`; later calls win, and later actions
     * see the value in `event.user.user_metadata`. A `null` value leaves the key out.
     * @param name A non-empty key.
     * @param value Any JSON value, or `null`.
     */
    setUserMetadata(name: string, value: unknown | null): API;
  };
  /** A small cache shared by this trigger's actions; see `CacheAPI`. */
  cache: CacheAPI;
}

/** `exports.onExecutePreUserRegistration`: runs before each signup. */
export type OnExecutePreUserRegistration = (event: Event, api: API) => Promise<void> | void;
