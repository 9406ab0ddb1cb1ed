// The only module that talks to the server: the Management API (/api/v2) and the live action log stream.
// Every call carries the operator's access token; errors come back as ApiError with Auth0's body.
import type {
  Action,
  ActionInput,
  ActionsPage,
  ActionVersion,
  ApiErrorBody,
  AuthenticationMethod,
  Binding,
  Branding,
  Client,
  ClientGrant,
  ClientInput,
  Execution,
  GuardianFactor,
  LiveLogEvent,
  LogEvent,
  LogsPage,
  MfaPolicy,
  Permission,
  ResourceServer,
  Role,
  TenantSettings,
  TestResult,
  TriggerRef,
  User,
  UserBlocks,
  UsersPage,
  VersionsPage,
} from "./types";

export class ApiError extends Error {
  readonly statusCode: number;
  readonly error: string;
  readonly errorCode?: string;

  constructor(body: ApiErrorBody) {
    super(body.message || body.error || `HTTP ${body.statusCode}`);
    this.name = "ApiError";
    this.statusCode = body.statusCode;
    this.error = body.error;
    this.errorCode = body.errorCode;
  }

  /** The endpoint is not there (yet) on this server; only meaningful for collection-level reads. */
  get isMissingEndpoint(): boolean {
    return this.statusCode === 404 || this.statusCode === 405 || this.statusCode === 501;
  }
}

type TokenSource = () => Promise<string>;

let apiBase = "/api/v2";
let getToken: TokenSource = () => Promise.reject(new Error("not signed in"));

/** Called once the operator is signed in (see auth/session.tsx). */
export function configureApi(options: { base: string; getToken: TokenSource }): void {
  apiBase = options.base.replace(/\/$/, "");
  getToken = options.getToken;
}

type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> = {};
  try {
    body = (await response.json()) as Partial<ApiErrorBody>;
  } catch {
    // Not JSON: fall back to the status line.
  }
  return new ApiError({
    statusCode: body.statusCode ?? response.status,
    error: body.error ?? response.statusText,
    message: body.message ?? (response.statusText || `Request failed with status ${response.status}`),
    errorCode: body.errorCode,
  });
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const token = await getToken();
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(apiBase + withQuery(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError({
      statusCode: 0,
      error: "Network Error",
      message: `The server could not be reached (${(cause as Error).message}).`,
    });
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const get = <T>(path: string, query?: Query) => request<T>("GET", path, undefined, query);
const post = <T>(path: string, body?: unknown, query?: Query) => request<T>("POST", path, body ?? {}, query);
const patch = <T>(path: string, body: unknown) => request<T>("PATCH", path, body);
const put = <T>(path: string, body: unknown) => request<T>("PUT", path, body);
const del = <T = void>(path: string, body?: unknown, query?: Query) => request<T>("DELETE", path, body, query);

const enc = encodeURIComponent;

/** List endpoints answer with an array, or with `{<key>: [...], total}` when totals are asked for. */
function listOf<T>(value: unknown, key: string): T[] {
  if (Array.isArray(value)) return value as T[];
  const inner = (value as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(inner) ? (inner as T[]) : [];
}

export const clients = {
  async list(): Promise<Client[]> {
    return listOf<Client>(await get("/clients", { per_page: 100, page: 0 }), "clients");
  },
  get: (id: string) => get<Client>(`/clients/${enc(id)}`),
  create: (input: ClientInput) => post<Client>("/clients", input),
  update: (id: string, input: ClientInput) => patch<Client>(`/clients/${enc(id)}`, input),
  remove: (id: string) => del(`/clients/${enc(id)}`),
  rotateSecret: (id: string) => post<Client>(`/clients/${enc(id)}/rotate-secret`),
};

export const resourceServers = {
  async list(): Promise<ResourceServer[]> {
    return listOf<ResourceServer>(await get("/resource-servers", { per_page: 100, page: 0 }), "resource_servers");
  },
  get: (id: string) => get<ResourceServer>(`/resource-servers/${enc(id)}`),
  create: (input: Partial<ResourceServer>) => post<ResourceServer>("/resource-servers", input),
  update: (id: string, input: Partial<ResourceServer>) => patch<ResourceServer>(`/resource-servers/${enc(id)}`, input),
  remove: (id: string) => del(`/resource-servers/${enc(id)}`),
};

export const clientGrants = {
  async list(filter: { audience?: string; client_id?: string } = {}): Promise<ClientGrant[]> {
    return listOf<ClientGrant>(await get("/client-grants", { ...filter, per_page: 100 }), "client_grants");
  },
  create: (input: { client_id: string; audience: string; scope: string[] }) => post<ClientGrant>("/client-grants", input),
  update: (id: string, scope: string[]) => patch<ClientGrant>(`/client-grants/${enc(id)}`, { scope }),
  remove: (id: string) => del(`/client-grants/${enc(id)}`),
};

export const users = {
  list: (options: { q?: string; page: number; perPage: number }) =>
    get<UsersPage>("/users", {
      q: options.q,
      page: options.page,
      per_page: options.perPage,
      include_totals: true,
      search_engine: options.q ? "v3" : undefined,
    }),
  get: (id: string) => get<User>(`/users/${enc(id)}`),
  create: (input: { email: string; password: string; connection: string; name?: string }) => post<User>("/users", input),
  update: (id: string, input: Partial<User> & { password?: string }) => patch<User>(`/users/${enc(id)}`, input),
  remove: (id: string) => del(`/users/${enc(id)}`),
  async roles(id: string): Promise<Role[]> {
    return listOf<Role>(await get(`/users/${enc(id)}/roles`), "roles");
  },
  assignRoles: (id: string, roleIds: string[]) => post<void>(`/users/${enc(id)}/roles`, { roles: roleIds }),
  removeRoles: (id: string, roleIds: string[]) => del(`/users/${enc(id)}/roles`, { roles: roleIds }),
  async authenticationMethods(id: string): Promise<AuthenticationMethod[]> {
    return listOf<AuthenticationMethod>(await get(`/users/${enc(id)}/authentication-methods`), "authenticators");
  },
  removeAuthenticationMethod: (id: string, methodId: string) =>
    del(`/users/${enc(id)}/authentication-methods/${enc(methodId)}`),
  removeAllAuthenticationMethods: (id: string) => del(`/users/${enc(id)}/authentication-methods`),
  invalidateRememberedBrowsers: (id: string) =>
    post<void>(`/users/${enc(id)}/multifactor/actions/invalidate-remember-browser`),
  /** The user's recent events; falls back to a log search where /users/{id}/logs is not offered. */
  async logs(id: string, perPage = 10): Promise<LogEvent[]> {
    try {
      return listOf<LogEvent>(await get(`/users/${enc(id)}/logs`, { page: 0, per_page: perPage, sort: "date:-1" }), "logs");
    } catch (error) {
      if (!(error instanceof ApiError) || error.statusCode !== 404) throw error;
      const q = `user_id:"${id.replace(/(["\\])/g, "\\$1")}"`;
      return (await logs.list({ q, page: 0, perPage })).logs;
    }
  },
};

export const userBlocks = {
  get: (id: string) => get<UserBlocks>(`/user-blocks/${enc(id)}`),
  clear: (id: string) => del(`/user-blocks/${enc(id)}`),
};

export const roles = {
  async list(nameFilter?: string): Promise<Role[]> {
    return listOf<Role>(await get("/roles", { name_filter: nameFilter, per_page: 100, page: 0 }), "roles");
  },
  get: (id: string) => get<Role>(`/roles/${enc(id)}`),
  create: (input: { name: string; description?: string }) => post<Role>("/roles", input),
  update: (id: string, input: { name?: string; description?: string }) => patch<Role>(`/roles/${enc(id)}`, input),
  remove: (id: string) => del(`/roles/${enc(id)}`),
  async users(id: string): Promise<User[]> {
    return listOf<User>(await get(`/roles/${enc(id)}/users`, { per_page: 100 }), "users");
  },
  assignUsers: (id: string, userIds: string[]) => post<void>(`/roles/${enc(id)}/users`, { users: userIds }),
  async permissions(id: string): Promise<Permission[]> {
    return listOf<Permission>(await get(`/roles/${enc(id)}/permissions`, { per_page: 100 }), "permissions");
  },
  addPermissions: (id: string, permissions: Permission[]) =>
    post<void>(`/roles/${enc(id)}/permissions`, { permissions: permissions.map(stripPermission) }),
  removePermissions: (id: string, permissions: Permission[]) =>
    del(`/roles/${enc(id)}/permissions`, { permissions: permissions.map(stripPermission) }),
};

function stripPermission(p: Permission) {
  return { resource_server_identifier: p.resource_server_identifier, permission_name: p.permission_name };
}

export const logs = {
  list: (options: { q?: string; page: number; perPage: number; sort?: string }) =>
    get<LogsPage>("/logs", {
      q: options.q,
      page: options.page,
      per_page: options.perPage,
      include_totals: true,
      sort: options.sort ?? "date:-1",
    }),
  get: (id: string) => get<LogEvent>(`/logs/${enc(id)}`),
};

export const actions = {
  list: (options: { triggerId?: string; page?: number; perPage?: number } = {}) =>
    get<ActionsPage>("/actions/actions", {
      triggerId: options.triggerId,
      page: options.page ?? 0,
      per_page: options.perPage ?? 100,
    }),
  get: (id: string) => get<Action>(`/actions/actions/${enc(id)}`),
  create: (input: ActionInput) => post<Action>("/actions/actions", input),
  update: (id: string, input: ActionInput) => patch<Action>(`/actions/actions/${enc(id)}`, input),
  remove: (id: string, force = false) => del(`/actions/actions/${enc(id)}`, undefined, { force: force || undefined }),
  deploy: (id: string) => post<ActionVersion>(`/actions/actions/${enc(id)}/deploy`),
  test: (id: string, event: unknown) => post<TestResult>(`/actions/actions/${enc(id)}/test`, { payload: event }),
  versions: (id: string) => get<VersionsPage>(`/actions/actions/${enc(id)}/versions`, { page: 0, per_page: 50 }),
  version: (id: string, versionId: string) =>
    get<ActionVersion>(`/actions/actions/${enc(id)}/versions/${enc(versionId)}`),
  /** Deploys an earlier version again; with updateDraft the draft's code becomes that version's. */
  deployVersion: (id: string, versionId: string, updateDraft: boolean) =>
    post<ActionVersion>(`/actions/actions/${enc(id)}/versions/${enc(versionId)}/deploy`, { update_draft: updateDraft }),
  async triggers(): Promise<TriggerRef[]> {
    return listOf<TriggerRef>(await get("/actions/triggers"), "triggers");
  },
  async bindings(triggerId: string): Promise<Binding[]> {
    return listOf<Binding>(await get(`/actions/triggers/${enc(triggerId)}/bindings`, { per_page: 20 }), "bindings");
  },
  async updateBindings(triggerId: string, items: { actionId: string; displayName: string }[]): Promise<Binding[]> {
    const body = {
      bindings: items.map((item) => ({
        ref: { type: "action_id", value: item.actionId },
        display_name: item.displayName,
      })),
    };
    return listOf<Binding>(await patch(`/actions/triggers/${enc(triggerId)}/bindings`, body), "bindings");
  },
  execution: (id: string) => get<Execution>(`/actions/executions/${enc(id)}`),
};

export const guardian = {
  async factors(): Promise<GuardianFactor[]> {
    return listOf<GuardianFactor>(await get("/guardian/factors"), "factors");
  },
  setFactor: (name: string, enabled: boolean) => put<{ enabled: boolean }>(`/guardian/factors/${enc(name)}`, { enabled }),
  policies: () => get<MfaPolicy[]>("/guardian/policies"),
  setPolicies: (policies: MfaPolicy[]) => put<MfaPolicy[]>("/guardian/policies", policies),
};

export const branding = {
  get: () => get<Branding>("/branding"),
  update: (input: Branding) => patch<Branding>("/branding", input),
};

export const tenant = {
  settings: () => get<TenantSettings>("/tenants/settings"),
  updateSettings: (input: TenantSettings) => patch<TenantSettings>("/tenants/settings", input),
};

export type StreamStatus = "connecting" | "connected" | "disconnected";

/**
 * Follows the live action log stream (Server-Sent Events). EventSource cannot send a bearer token,
 * so the stream is read with fetch. Resolves when the stream ends or `signal` aborts.
 */
export async function streamActionLogs(
  onEvent: (event: LiveLogEvent) => void,
  onStatus: (status: StreamStatus, error?: string) => void,
  signal: AbortSignal,
): Promise<void> {
  onStatus("connecting");
  try {
    const token = await getToken();
    const response = await fetch(`${apiBase}/actions/logs/stream`, {
      headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream" },
      signal,
    });
    if (!response.ok || !response.body) throw await toApiError(response);
    onStatus("connected");
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n/g, "\n");
      let boundary = buffer.indexOf("\n\n");
      while (boundary >= 0) {
        const frame = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const data = frame
          .split("\n")
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).replace(/^ /, ""))
          .join("\n");
        if (data) {
          try {
            onEvent(JSON.parse(data) as LiveLogEvent);
          } catch {
            onEvent({ type: "console", message: data });
          }
        }
        boundary = buffer.indexOf("\n\n");
      }
    }
    onStatus("disconnected");
  } catch (error) {
    if (signal.aborted) {
      onStatus("disconnected");
      return;
    }
    onStatus("disconnected", (error as Error).message);
  }
}
