// Signs the operator in through the server's own /authorize (PKCE, via auth0-spa-js) and hands the
// Management API client a token source. The dashboard's own settings come from /dashboard/config.json.
// Operators of the home tenant may switch to any tenant: the home tenant lists them and mints
// short-lived tokens for their Management APIs, which accept calls from the home dashboard's origin.
import { createAuth0Client, type Auth0Client } from "@auth0/auth0-spa-js";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { configureApi } from "../api/client";

/** A tenant the dashboard can manage; `audience` is its Management API. */
export interface TenantConfig {
  name?: string;
  domain: string;
  audience: string;
}

type TokenSource = () => Promise<string>;

/** /dashboard/config.json: the tenant serving the dashboard, where the operator signs in. */
interface DashboardConfig extends TenantConfig {
  client_id: string;
}

export interface Operator {
  name?: string;
  email?: string;
  picture?: string;
}

export interface Session {
  tenant: TenantConfig;
  tenants: TenantConfig[];
  operator: Operator;
  logout(): void;
  switchTenant(domain: string): void;
}

const SessionContext = createContext<Session | null>(null);
const TENANT_KEY = "portcullis.dashboard.tenant";
const BASE = import.meta.env.BASE_URL;

/** How a tenant is named in the header: its domain, after its friendly name when it has one. */
export function tenantLabel(tenant: TenantConfig): string {
  return tenant.name && tenant.name !== tenant.domain ? `${tenant.name} — ${tenant.domain}` : tenant.domain;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionGate");
  return session;
}

/** The Management API of the tenant; same-origin when the dashboard is served by that tenant. */
function apiBaseFor(tenant: TenantConfig): string {
  return tenant.domain === window.location.host ? "/api/v2" : `https://${tenant.domain}/api/v2`;
}

async function loadConfig(): Promise<DashboardConfig> {
  const response = await fetch(`${BASE}config.json`, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return (await response.json()) as DashboardConfig;
}

/**
 * The tenants this operator manages. Operators of the home tenant manage every tenant (the server
 * lists them, home first); anywhere else the server answers 404 and the list is this tenant alone.
 */
async function loadTenants(home: DashboardConfig, homeToken: TokenSource): Promise<TenantConfig[]> {
  const self: TenantConfig = { domain: home.domain, audience: home.audience };
  try {
    const response = await fetch(`${BASE}api/tenants`, {
      headers: { Authorization: `Bearer ${await homeToken()}`, Accept: "application/json" },
    });
    if (!response.ok) return [self];
    const listed = (await response.json()) as { domain: string; name?: string }[];
    if (!Array.isArray(listed) || listed.length < 2) return [self];
    return listed.map((t) => ({ domain: t.domain, name: t.name, audience: `https://${t.domain}/api/v2/` }));
  } catch {
    return [self];
  }
}

/**
 * Tokens for another tenant's Management API, minted by the home tenant from the operator's home
 * token; each is reused until a minute before it expires, and concurrent callers share one request.
 */
function tenantTokenSource(domain: string, homeToken: TokenSource): TokenSource {
  let cached: { token: string; expiresAt: number } | null = null;
  let pending: Promise<string> | null = null;
  const mint = async (): Promise<string> => {
    const response = await fetch(`${BASE}api/tenants/${encodeURIComponent(domain)}/token`, {
      method: "POST",
      headers: { Authorization: `Bearer ${await homeToken()}`, Accept: "application/json" },
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; message?: string };
    if (!response.ok || !body.access_token) {
      throw new Error(`No token for ${domain}: ${body.message ?? `HTTP ${response.status}`}`);
    }
    cached = { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 0) * 1000 };
    return body.access_token;
  };
  return () => {
    if (cached && Date.now() < cached.expiresAt - 60_000) return Promise.resolve(cached.token);
    pending ??= mint().finally(() => {
      pending = null;
    });
    return pending;
  };
}

const LOGIN_AGAIN = new Set(["login_required", "consent_required", "missing_refresh_token", "invalid_grant"]);

async function signIn(tenant: DashboardConfig): Promise<{ client: Auth0Client; operator: Operator } | null> {
  const client = await createAuth0Client({
    // A bare host: the SDK talks to https://<domain>.
    domain: tenant.domain,
    clientId: tenant.client_id,
    authorizationParams: {
      redirect_uri: window.location.origin + BASE,
      audience: tenant.audience,
      scope: "openid profile email offline_access",
    },
    useRefreshTokens: true,
    cacheLocation: "localstorage",
  });
  const params = new URLSearchParams(window.location.search);
  if (params.has("state") && (params.has("code") || params.has("error"))) {
    const result = await client.handleRedirectCallback();
    const returnTo = (result.appState as { returnTo?: string } | undefined)?.returnTo;
    window.history.replaceState(null, "", returnTo && returnTo.startsWith(BASE) ? returnTo : BASE);
  }
  if (!(await client.isAuthenticated())) {
    await client.loginWithRedirect({ appState: { returnTo: window.location.pathname + window.location.search } });
    return null;
  }
  const user = await client.getUser();
  return { client, operator: { name: user?.name, email: user?.email, picture: user?.picture } };
}

type State =
  | { kind: "loading" }
  | { kind: "redirecting" }
  | { kind: "error"; message: string }
  | { kind: "ready"; session: Session };

export function SessionGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ kind: "loading" });

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const config = await loadConfig();
      const signedIn = await signIn(config);
      if (cancelled) return;
      if (!signedIn) {
        setState({ kind: "redirecting" });
        return;
      }
      const { client, operator } = signedIn;
      const homeToken: TokenSource = async () => {
        try {
          const token = await client.getTokenSilently();
          if (!token) throw new Error("No access token");
          return token;
        } catch (error) {
          if (LOGIN_AGAIN.has((error as { error?: string }).error ?? "")) {
            await client.loginWithRedirect({
              appState: { returnTo: window.location.pathname + window.location.search },
            });
          }
          throw error;
        }
      };
      const tenants = await loadTenants(config, homeToken);
      if (cancelled) return;
      const remembered = window.localStorage.getItem(TENANT_KEY);
      const selected = tenants.find((t) => t.domain === remembered) ?? tenants.find((t) => t.domain === config.domain) ?? tenants[0];
      configureApi({
        base: apiBaseFor(selected),
        getToken: selected.domain === config.domain ? homeToken : tenantTokenSource(selected.domain, homeToken),
      });
      setState({
        kind: "ready",
        session: {
          tenant: selected,
          tenants,
          operator,
          logout: () => void client.logout({ logoutParams: { returnTo: window.location.origin + BASE } }),
          switchTenant: (domain) => {
            window.localStorage.setItem(TENANT_KEY, domain);
            window.location.assign(BASE);
          },
        },
      });
    })().catch((error: unknown) => {
      if (!cancelled) setState({ kind: "error", message: (error as Error).message || String(error) });
    });
    return () => {
      cancelled = true;
    };
  }, []);

  if (state.kind === "ready") {
    return <SessionContext.Provider value={state.session}>{children}</SessionContext.Provider>;
  }
  return (
    <main className="gate">
      <div className="gate-card">
        <h1 className="brand-title">Portcullis</h1>
        {state.kind === "error" ? (
          <>
            <p role="alert" className="error-text">
              Sign-in failed: {state.message}
            </p>
            <button className="btn btn-primary" onClick={() => window.location.assign(BASE)}>
              Try again
            </button>
          </>
        ) : (
          <p aria-live="polite" className="muted">
            <span className="spinner" aria-hidden="true" /> {state.kind === "redirecting" ? "Redirecting to sign in…" : "Signing in…"}
          </p>
        )}
      </div>
    </main>
  );
}
