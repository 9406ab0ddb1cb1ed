// Shared shapes of Portcullis Actions (Auth0-compatible).

export type Secrets = Record<string, string>;

export interface CacheRecord { value: string; expires_at: number; }
export type CacheErrorCode =
  | "MaxSideEffectsExceeded" | "CacheKeySizeExceeded" | "CacheValueSizeExceeded" | "CacheSizeExceeded"
  | "ItemAlreadyExpired" | "InvalidExpiry" | "FailedToSetCacheRecord" | "FailedToDeleteCacheRecord"
  | "CacheKeyDoesNotExist";
export type CacheWriteResult = { type: "success"; record: CacheRecord } | { type: "error"; code: CacheErrorCode };
export interface CacheSetOptions { ttl?: number; expires_at?: number; }

export interface GeoIp {
  cityName?: string; continentCode?: string; countryCode?: string; countryCode3?: string; countryName?: string;
  latitude?: number; longitude?: number; subdivisionCode?: string; subdivisionName?: string; timeZone?: string;
}
export interface Request {
  ip: string; method: string; hostname?: string; language?: string; user_agent?: string; asn?: string;
  query?: Record<string, unknown>; body?: Record<string, unknown>; geoip: GeoIp;
}
export interface Client { client_id: string; name: string; metadata: Record<string, string>; }
export interface Connection { id: string; name: string; strategy: string; metadata?: Record<string, string>; }
export interface Tenant { id: string; }
export interface Identity { connection: string; provider: string; user_id: string; isSocial: boolean; profileData?: Record<string, unknown>; }
export interface User {
  user_id: string; email?: string; email_verified: boolean; username?: string; name?: string; nickname?: string;
  given_name?: string; family_name?: string; picture?: string; phone_number?: string; phone_verified?: boolean;
  created_at: string; updated_at: string; last_password_reset?: string;
  app_metadata: Record<string, unknown>; user_metadata: Record<string, unknown>;
  identities: Identity[]; multifactor?: string[]; enrolledFactors?: { type: string; options?: Record<string, unknown> }[];
}
