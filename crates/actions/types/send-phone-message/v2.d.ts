// send-phone-message v2: exports.onExecuteSendPhoneMessage
import type { CacheAPI, Client, Request, Secrets, Tenant, User } from "../common";

/**
 * A text or voice message the action must deliver through its own provider. Portcullis does not
 * send phone messages yet, so the server never runs this trigger; `portcullis actions test` can.
 */
export interface Event {
  /**
   * The message: why it is sent (`action`), the one-time `code`, `sms` or `voice`, the recipient's
   * phone number and the ready-made `text`.
   */
  message_options: {
    action: "enrollment" | "second-factor-authentication"; code: string; message_type: "sms" | "voice";
    recipient: string; text: string;
  };
  /** The application the user is logging in to. */
  client?: Client;
  /** The request that caused the message. */
  request: Request;
  /** The user the message is for. */
  user: User;
  /** The action's secrets by name (e.g. the provider's API key). */
  secrets: Secrets;
  /** Configuration values of the action. Portcullis has no action configuration yet: always empty. */
  configuration: Record<string, string>;
  /** The tenant of the user. */
  tenant: Tenant;
}

/** The action delivers the message itself; the one thing `api` offers is the cache. */
export interface API {
  /** A small cache shared by this trigger's actions; see `CacheAPI`. */
  cache: CacheAPI;
}

/** `exports.onExecuteSendPhoneMessage`: delivers one message. */
export type OnExecuteSendPhoneMessage = (event: Event, api: API) => Promise<void> | void;
