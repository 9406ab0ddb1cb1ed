// Signs the operator in through the server's own /authorize (PKCE, via auth0-spa-js) and hands the
// Management API client a token source. The dashboard's own settings come from /dashboard/config.json.
import { createAuth0Client, type Auth0Client } from "@auth0/auth0-spa-js";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { configureApi } from "../api/client";

export interface TenantConfig {
  name?: string;
  domain: string;
  client_id: string;
  audience: string;
}

interface DashboardConfig extends TenantConfig {
  /** Optional: several tenants this operator can switch between. */
  tenants?: TenantConfig[];
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

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionGate");
  return session;
}

/** The Management API of the tenant; same-origin when the dashboard is served by that tenant. */
function apiBaseFor(tenant: TenantConfig): string {
  return tenant.domain === window.location.host ? "/api/v2" : `https://${tenant.domain}/api/v2`;
}

async function loadConfig(): Promise<{ selected: TenantConfig; tenants: TenantConfig[] }> {
  const response = await fetch(`${BASE}config.json`, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const config = (await response.json()) as DashboardConfig;
  const tenants = config.tenants?.length ? config.tenants : [config];
  const remembered = window.localStorage.getItem(TENANT_KEY);
  const selected = tenants.find((t) => t.domain === remembered) ?? tenants[0];
  return { selected, tenants };
}

const LOGIN_AGAIN = new Set(["login_required", "consent_required", "missing_refresh_token", "invalid_grant"]);

async function signIn(tenant: TenantConfig): Promise<{ client: Auth0Client; operator: Operator } | null> {
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
      const { selected, tenants } = await loadConfig();
      const signedIn = await signIn(selected);
      if (cancelled) return;
      if (!signedIn) {
        setState({ kind: "redirecting" });
        return;
      }
      const { client, operator } = signedIn;
      configureApi({
        base: apiBaseFor(selected),
        getToken: async () => {
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
        },
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
