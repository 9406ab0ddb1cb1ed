// A small history-API router under the dashboard's base path (the server falls back to index.html).
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from "react";

const BASE = import.meta.env.BASE_URL.replace(/\/$/, ""); // "/dashboard"

/** Returns false to keep the operator on the page (e.g. unsaved changes they chose to keep). */
type Guard = () => boolean;
let guard: Guard | null = null;
const listeners = new Set<() => void>();
let current = readPath();

function readPath(): string {
  const path = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : "/";
  return (path || "/") + window.location.search;
}

function notify() {
  current = readPath();
  listeners.forEach((listener) => listener());
}

window.addEventListener("popstate", () => {
  const next = readPath();
  if (next !== current && guard && !guard()) {
    // Put the page the operator stayed on back into the address bar.
    window.history.pushState(null, "", BASE + current);
    return;
  }
  notify();
});

export function setNavigationGuard(next: Guard | null): void {
  guard = next;
}

export function hrefFor(to: string): string {
  return BASE + (to.startsWith("/") ? to : `/${to}`);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (guard && !guard()) return;
  const href = hrefFor(to);
  if (options.replace) window.history.replaceState(null, "", href);
  else window.history.pushState(null, "", href);
  window.scrollTo(0, 0);
  notify();
}

/** The current path relative to the base, with its query string, e.g. "/users?q=a". */
export function useLocation(): string {
  const [path, setPath] = useState(current);
  useEffect(() => {
    const listener = () => setPath(current);
    listeners.add(listener);
    // The address may have changed without the router (sign-in replaces the callback URL).
    current = readPath();
    listener();
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return path;
}

export function useQuery(): URLSearchParams {
  const location = useLocation();
  const index = location.indexOf("?");
  return new URLSearchParams(index >= 0 ? location.slice(index) : "");
}

/** Matches "/users/:id" against a path; returns the decoded parameters or null. */
export function matchPath(pattern: string, location: string): Record<string, string> | null {
  const path = location.split("?")[0].replace(/\/$/, "") || "/";
  const patternParts = pattern.split("/");
  const pathParts = path.split("/");
  if (patternParts.length !== pathParts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < patternParts.length; i++) {
    const expected = patternParts[i];
    if (expected.startsWith(":")) {
      if (!pathParts[i]) return null;
      params[expected.slice(1)] = decodeURIComponent(pathParts[i]);
    } else if (expected !== pathParts[i]) {
      return null;
    }
  }
  return params;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { to: string; children: ReactNode };

export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={hrefFor(to)} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
