// Shared shapes of Portcullis Actions (Auth0-compatible).
//
// Every member of every `API` carries a JSDoc comment (checked by
// crates/actions/tests/typescript_definitions.rs): the dashboard's editor shows it on hover.

/** The action's secrets by name, set in the dashboard or the Management API; values are always strings. */
export type Secrets = Record<string, string>;

/** One cached value. */
export interface CacheRecord {
  /** The cached string. */
  value: string;
  /** When the record expires, in milliseconds since the Unix epoch. */
  expires_at: number;
}

/**
 * Why a cache write failed:
 * - `MaxSideEffectsExceeded`: more than 20 `set`/`delete` calls in one action run.
 * - `CacheKeySizeExceeded`: the key is longer than 64 bytes.
 * - `CacheValueSizeExceeded`: the value is longer than 4 KB.
 * - `CacheSizeExceeded`: the trigger's cache would hold more than 20 entries or 8 KB.
 * - `ItemAlreadyExpired`: `expires_at` is not in the future.
 * - `InvalidExpiry`: `ttl` is not positive, or the expiry is more than 24 hours away.
 * - `FailedToSetCacheRecord`: the key or the value is not a string.
 * - `CacheKeyDoesNotExist`: `delete` of a key that is not cached.
 *
 * `FailedToDeleteCacheRecord` exists for compatibility; Portcullis does not return it.
 */
export type CacheErrorCode =
  | "MaxSideEffectsExceeded" | "CacheKeySizeExceeded" | "CacheValueSizeExceeded" | "CacheSizeExceeded"
  | "ItemAlreadyExpired" | "InvalidExpiry" | "FailedToSetCacheRecord" | "FailedToDeleteCacheRecord"
  | "CacheKeyDoesNotExist";

/** The result of `api.cache.set` and `api.cache.delete`: never thrown, always returned. */
export type CacheWriteResult = { type: "success"; record: CacheRecord } | { type: "error"; code: CacheErrorCode };

/** When a cache record expires. Without either, it lives 15 minutes; with both, the earlier wins. */
export interface CacheSetOptions {
  /** Time to live in milliseconds: more than 0, at most 24 hours. */
  ttl?: number;
  /** Absolute expiry in milliseconds since the Unix epoch: in the future, at most 24 hours away. */
  expires_at?: number;
}

/**
 * `api.cache`, the same on every trigger: a small best-effort key/value store shared by the actions
 * of one trigger in one tenant, kept between executions. Limits: keys up to 64 bytes, values up to
 * 4 KB, at most 20 entries and 8 KB per trigger, at most 20 writes per action run.
 *
 * In Portcullis the cache lives in the memory of each server node: it is not shared between nodes
 * and is empty after a restart, so always be ready for a miss.
 */
export interface CacheAPI {
  /**
   * Reads a cached record.
   * @param key The key given to `set`.
   * @returns The record, or `undefined` when the key is not cached or has expired.
   * @example
   * const hit = api.cache.get("token");
   * const token = hit ? hit.value : await fetchToken();
   */
  get(key: string): CacheRecord | undefined;
  /**
   * Stores a string under a key, replacing any earlier value. Failures are returned as
   * `{type: "error", code}`, never thrown. Serialize other values with `JSON.stringify`.
   * @param key Up to 64 bytes.
   * @param value Up to 4 KB.
   * @param options `ttl` (milliseconds) or `expires_at` (epoch milliseconds); default 15 minutes.
   * @example
   * const result = api.cache.set("token", token, { ttl: 10 * 60 * 1000 });
   * if (result.type === "error") console.log("not cached:", result.code);
   */
  set(key: string, value: string, options?: CacheSetOptions): CacheWriteResult;
  /**
   * Removes a key. Returns the removed record, or the error `CacheKeyDoesNotExist`.
   * @param key The key to remove.
   */
  delete(key: string): CacheWriteResult;
}

/**
 * Location looked up from the client's IP address. Portcullis has no GeoIP database yet, so every
 * field is currently absent (the object is empty).
 */
export interface GeoIp {
  cityName?: string; continentCode?: string; countryCode?: string; countryCode3?: string; countryName?: string;
  latitude?: number; longitude?: number; subdivisionCode?: string; subdivisionName?: string; timeZone?: string;
}

/** The HTTP request that caused this execution. */
export interface Request {
  /** The client's IP address. */
  ip: string;
  /** The HTTP method. Portcullis currently always reports `GET`. */
  method: string;
  /** The host name the request was sent to (the tenant's domain). */
  hostname?: string;
  /** The preferred language. Portcullis currently always reports `en`. */
  language?: string;
  /** The `User-Agent` header. */
  user_agent?: string;
  /** The client's autonomous system number. Not filled by Portcullis. */
  asn?: string;
  /** Query parameters: those of `/authorize` in post-login, those of `/continue` after a redirect. */
  query?: Record<string, unknown>;
  /** Form or JSON body parameters, when the request had a body. */
  body?: Record<string, unknown>;
  /** Location of the IP address; empty in Portcullis. */
  geoip: GeoIp;
}

/** The application (OAuth client) involved. */
export interface Client {
  /** The application's client ID. */
  client_id: string;
  /** The application's display name. */
  name: string;
  /** The application's `client_metadata`, string values only. */
  metadata: Record<string, string>;
}

/** The connection (identity source) the user belongs to. */
export interface Connection {
  /** The connection's id. */
  id: string;
  /** The connection's name, e.g. `Username-Password-Authentication`. */
  name: string;
  /** The connection's kind: `auth0` for database connections (the only kind Portcullis has today). */
  strategy: string;
  /** The connection's metadata; empty in Portcullis. */
  metadata?: Record<string, string>;
}

/** The tenant the execution belongs to. */
export interface Tenant {
  /** The tenant's id (its name). */
  id: string;
}

/** One identity linked to a user account. */
export interface Identity {
  /** The connection's name. */
  connection: string;
  /** The identity provider, `auth0` for database users. */
  provider: string;
  /** The user's id at that provider (the part of `user_id` after the `|`). */
  user_id: string;
  /** Whether the identity comes from a social provider. */
  isSocial: boolean;
  /** The profile from the provider, for linked secondary identities. */
  profileData?: Record<string, unknown>;
}

/** The user's profile as stored, including metadata. */
export interface User {
  /** The user's unique id, e.g. `auth0|65f0c...`. */
  user_id: string;
  email?: string;
  email_verified: boolean;
  username?: string;
  name?: string;
  nickname?: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
  phone_number?: string;
  phone_verified?: boolean;
  /** ISO 8601 time of creation. */
  created_at: string;
  /** ISO 8601 time of the last profile change. */
  updated_at: string;
  /** ISO 8601 time of the last password reset. Not tracked by Portcullis yet (always null). */
  last_password_reset?: string;
  /**
   * Data the user cannot change (roles, plans, flags). Changes made with `api.user.setAppMetadata` by
   * earlier actions of the same execution are already visible here.
   */
  app_metadata: Record<string, unknown>;
  /**
   * Data the user may change (preferences). Changes made with `api.user.setUserMetadata` by earlier
   * actions of the same execution are already visible here.
   */
  user_metadata: Record<string, unknown>;
  /** The identities linked to this account; the first is the primary one. */
  identities: Identity[];
  /** The MFA providers the user is enrolled with: `["guardian"]` once a factor is enrolled in Portcullis, else empty. */
  multifactor?: string[];
  /** The user's enrolled factors, e.g. `[{type: "otp"}]`. */
  enrolledFactors?: { type: string; options?: Record<string, unknown> }[];
}
