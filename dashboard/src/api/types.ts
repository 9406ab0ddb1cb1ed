// Wire shapes of the Management API (Auth0's v2 JSON). Optional fields are the ones a server may omit.

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errorCode?: string;
}

export type AppType = "spa" | "regular_web" | "native" | "non_interactive";

export interface RefreshTokenSettings {
  rotation_type?: "rotating" | "non-rotating";
  expiration_type?: "expiring" | "non-expiring";
  leeway?: number;
  token_lifetime?: number;
  idle_token_lifetime?: number;
}

export interface Client {
  client_id: string;
  client_secret?: string;
  name: string;
  description?: string;
  app_type?: AppType;
  logo_uri?: string;
  callbacks?: string[];
  allowed_logout_urls?: string[];
  web_origins?: string[];
  allowed_origins?: string[];
  grant_types?: string[];
  refresh_token?: RefreshTokenSettings;
  is_first_party?: boolean;
  global?: boolean;
  token_endpoint_auth_method?: string;
}

export type ClientInput = Partial<Omit<Client, "client_id" | "client_secret" | "global">>;

export interface Scope {
  value: string;
  description?: string;
}

export interface ResourceServer {
  id: string;
  identifier: string;
  name: string;
  scopes?: Scope[];
  enforce_policies?: boolean;
  token_dialect?: "access_token" | "access_token_authz";
  signing_alg?: "RS256" | "HS256" | "PS256";
  allow_offline_access?: boolean;
  skip_consent_for_verifiable_first_party_clients?: boolean;
  token_lifetime?: number;
  is_system?: boolean;
}

export interface ClientGrant {
  id: string;
  client_id: string;
  audience: string;
  scope: string[];
}

export interface User {
  user_id: string;
  email?: string;
  email_verified?: boolean;
  username?: string;
  name?: string;
  nickname?: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
  blocked?: boolean;
  created_at?: string;
  updated_at?: string;
  last_login?: string;
  last_ip?: string;
  logins_count?: number;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  identities?: { connection: string; provider: string; user_id: string; isSocial?: boolean }[];
  multifactor?: string[];
}

export interface UsersPage {
  users: User[];
  start: number;
  limit: number;
  total: number;
}

export interface UserBlocks {
  blocked_for: { identifier: string; ip?: string; connection?: string }[];
}

export interface AuthenticationMethod {
  id: string;
  type: string;
  name?: string;
  confirmed?: boolean;
  created_at?: string;
  last_auth_at?: string;
}

export interface Role {
  id: string;
  name: string;
  description?: string;
}

export interface RolesPage {
  roles: Role[];
  start?: number;
  limit?: number;
  total?: number;
}

export interface Permission {
  resource_server_identifier: string;
  permission_name: string;
  resource_server_name?: string;
  description?: string;
}

export interface LogEvent {
  log_id: string;
  _id?: string;
  date: string;
  type: string;
  description?: string;
  client_id?: string;
  client_name?: string;
  connection?: string;
  ip?: string;
  user_agent?: string;
  user_id?: string;
  user_name?: string;
  details?: Record<string, unknown> & {
    actions?: { executions?: string[] };
  };
}

export interface LogsPage {
  logs: LogEvent[];
  start: number;
  limit: number;
  total: number;
}

export interface TriggerRef {
  id: string;
  version: string;
  status?: string;
  runtimes?: string[];
  default_runtime?: string;
  compatible_triggers?: { id: string; version: string }[];
  binding_policy?: string;
}

export type ActionStatus = "pending" | "building" | "packaged" | "built" | "retrying" | "failed";

export interface Dependency {
  name: string;
  version: string;
}

export interface SecretInfo {
  name: string;
  updated_at?: string;
}

export interface ActionVersion {
  id: string;
  action_id?: string;
  number: number;
  deployed: boolean;
  status?: string;
  code?: string;
  runtime?: string;
  dependencies?: Dependency[];
  secrets?: SecretInfo[];
  errors?: { id?: string; msg: string; url?: string }[];
  created_at?: string;
  updated_at?: string;
  built_at?: string;
}

export interface Action {
  id: string;
  name: string;
  supported_triggers: TriggerRef[];
  code: string;
  dependencies: Dependency[];
  runtime: string;
  secrets: SecretInfo[];
  status: ActionStatus;
  all_changes_deployed: boolean;
  deployed_version?: ActionVersion;
  created_at?: string;
  updated_at?: string;
  built_at?: string;
  errors?: { id?: string; msg: string; url?: string }[];
}

export interface ActionsPage {
  actions: Action[];
  total: number;
  page: number;
  per_page: number;
}

export interface VersionsPage {
  versions: ActionVersion[];
  total: number;
  page: number;
  per_page: number;
}

export interface ActionInput {
  name?: string;
  supported_triggers?: { id: string; version: string }[];
  code?: string;
  runtime?: string;
  dependencies?: Dependency[];
  /** Secrets are write-only: the full list replaces the stored one; a missing value keeps the old one. */
  secrets?: { name: string; value?: string }[];
}

/** One recorded `api` call, e.g. `{"api": "multifactor.enable", "args": ["any"]}`. */
export interface TestCommand {
  api: string;
  args?: unknown[];
  [key: string]: unknown;
}

export interface ActionError {
  code?: string;
  action_name?: string;
  name?: string;
  message?: string;
  stack?: string;
}

export interface TestResult {
  payload: {
    commands?: TestCommand[];
    logs?: string | string[];
    stats?: Record<string, unknown>;
    error?: null | string | ActionError;
  };
}

export interface Binding {
  id?: string;
  trigger_id?: string;
  display_name: string;
  action: Action;
}

export interface ExecutionResult {
  action_name: string;
  version_id?: string;
  error?: null | (ActionError & { id?: string; msg?: string; url?: string });
  started_at?: string;
  ended_at?: string;
  stats?: Record<string, number>;
  logs?: string;
}

export interface Execution {
  id: string;
  trigger_id: string;
  status: string;
  results: ExecutionResult[];
  created_at?: string;
  updated_at?: string;
}

export interface GuardianFactor {
  name: string;
  enabled: boolean;
  trial_expired?: boolean;
}

export type MfaPolicy = "all-applications" | "confidence-score";

export interface Branding {
  colors?: { primary?: string; page_background?: string };
  logo_url?: string;
  favicon_url?: string;
}

export interface TenantSettings {
  friendly_name?: string;
  picture_url?: string;
  support_email?: string;
  support_url?: string;
  default_audience?: string;
  [key: string]: unknown;
}

export interface LiveLogEvent {
  type: "console" | "execution" | string;
  action_name?: string;
  message?: string;
  execution_id?: string;
  level?: string;
  timestamp?: string;
  [key: string]: unknown;
}
