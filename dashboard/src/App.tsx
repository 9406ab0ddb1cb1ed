// The dashboard's frame: navigation, tenant switcher, and the page for the current address.
import { lazy, Suspense, useEffect, useState, type ComponentType, type ReactNode } from "react";
import { tenantLabel, useSession } from "./auth/session";
import { Loading } from "./components/ui";
import { Link, matchPath, useLocation } from "./router";
import GettingStarted from "./pages/GettingStarted";
import ApplicationsList from "./pages/applications/ApplicationsList";
import ApplicationDetail from "./pages/applications/ApplicationDetail";
import ApisList from "./pages/apis/ApisList";
import ApiDetail from "./pages/apis/ApiDetail";
import UsersList from "./pages/users/UsersList";
import UserDetail from "./pages/users/UserDetail";
import RolesList from "./pages/roles/RolesList";
import RoleDetail from "./pages/roles/RoleDetail";
import ActionsLibrary from "./pages/actions/ActionsLibrary";
import CreateAction from "./pages/actions/CreateAction";
import FlowsList from "./pages/flows/FlowsList";
import FlowEditor from "./pages/flows/FlowEditor";
import Security from "./pages/security/Security";
import Logs from "./pages/monitoring/Logs";
import LogDetail from "./pages/monitoring/LogDetail";
import LiveLogs from "./pages/monitoring/LiveLogs";
import Activity from "./pages/monitoring/Activity";
import Branding from "./pages/branding/Branding";
import { Icon } from "./components/icons";

// The editor pulls in Monaco; load it only when an action is opened.
const ActionEditor = lazy(() => import("./pages/actions/ActionEditor"));

type Page = ComponentType<{ params: Record<string, string> }>;

const ROUTES: [string, Page][] = [
  ["/", GettingStarted],
  ["/applications", ApplicationsList],
  ["/applications/:id", ApplicationDetail],
  ["/apis", ApisList],
  ["/apis/:id", ApiDetail],
  ["/users", UsersList],
  ["/users/:id", UserDetail],
  ["/roles", RolesList],
  ["/roles/:id", RoleDetail],
  ["/actions", ActionsLibrary],
  ["/actions/new", CreateAction],
  ["/actions/:id", ActionEditor],
  ["/flows", FlowsList],
  ["/flows/:trigger", FlowEditor],
  ["/security", Security],
  ["/logs", Logs],
  ["/logs/:id", LogDetail],
  ["/live-logs", LiveLogs],
  ["/activity", Activity],
  ["/branding", Branding],
];

const NAV: { section?: string; items: { to: string; label: string }[] }[] = [
  { items: [{ to: "/", label: "Getting started" }] },
  {
    section: "Applications",
    items: [
      { to: "/applications", label: "Applications" },
      { to: "/apis", label: "APIs" },
    ],
  },
  {
    section: "User management",
    items: [
      { to: "/users", label: "Users" },
      { to: "/roles", label: "Roles" },
    ],
  },
  {
    section: "Actions",
    items: [
      { to: "/actions", label: "Library" },
      { to: "/flows", label: "Triggers" },
    ],
  },
  {
    section: "Security",
    items: [{ to: "/security", label: "Multi-factor auth" }],
  },
  {
    section: "Monitoring",
    items: [
      { to: "/logs", label: "Logs" },
      { to: "/live-logs", label: "Actions logs" },
      { to: "/activity", label: "Activity" },
    ],
  },
  { section: "Branding", items: [{ to: "/branding", label: "Login page" }] },
];

function resolve(location: string): { Page: Page; params: Record<string, string> } | null {
  for (const [pattern, Page] of ROUTES) {
    const params = matchPath(pattern, location);
    if (params) return { Page, params };
  }
  return null;
}

function isActive(to: string, location: string): boolean {
  const path = location.split("?")[0];
  return to === "/" ? path === "/" : path === to || path.startsWith(`${to}/`);
}

function TenantMenu() {
  const session = useSession();
  return (
    <div className="tenant-menu">
      {session.tenants.length > 1 ? (
        <label className="tenant-select">
          <span className="visually-hidden">Tenant</span>
          <select value={session.tenant.domain} onChange={(e) => session.switchTenant(e.target.value)} aria-label="Tenant">
            {session.tenants.map((t) => (
              <option key={t.domain} value={t.domain}>
                {tenantLabel(t)}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <span className="tenant-name" title="Tenant domain">
          {session.tenant.name ?? session.tenant.domain}
        </span>
      )}
      <span className="operator" title={session.operator.email}>
        {session.operator.email ?? session.operator.name}
      </span>
      <button type="button" className="btn btn-ghost" onClick={session.logout}>
        Log out
      </button>
    </div>
  );
}

function Shell({ children, location }: { children: ReactNode; location: string }) {
  const [navOpen, setNavOpen] = useState(false);
  useEffect(() => setNavOpen(false), [location]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button
          type="button"
          className="icon-btn nav-toggle"
          aria-label={navOpen ? "Close navigation" : "Open navigation"}
          aria-expanded={navOpen}
          aria-controls="sidebar"
          onClick={() => setNavOpen((open) => !open)}
        >
          <Icon name="menu" size={20} />
        </button>
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ▦
          </span>{" "}
          Portcullis
        </Link>
        <TenantMenu />
      </header>
      <nav id="sidebar" className={`sidebar${navOpen ? " open" : ""}`} aria-label="Main">
        {NAV.map((group, index) => (
          <div key={group.section ?? index} className="nav-group">
            {group.section && <div className="nav-section">{group.section}</div>}
            {group.items.map((item) => (
              <Link
                key={item.to}
                to={item.to}
                className={`nav-link${isActive(item.to, location) ? " active" : ""}`}
                aria-current={isActive(item.to, location) ? "page" : undefined}
              >
                {item.label}
              </Link>
            ))}
          </div>
        ))}
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

export default function App() {
  const location = useLocation();
  const route = resolve(location);
  return (
    <Shell location={location}>
      <Suspense fallback={<Loading />}>
        {route ? (
          <route.Page key={location.split("?")[0]} params={route.params} />
        ) : (
          <div className="empty-state">
            <h1>Page not found</h1>
            <Link to="/">Go to Getting started</Link>
          </div>
        )}
      </Suspense>
    </Shell>
  );
}
