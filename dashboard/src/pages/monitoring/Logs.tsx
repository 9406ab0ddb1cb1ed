import { useState } from "react";
import * as api from "../../api/client";
import { Button, EmptyState, ErrorBanner, Loading, PageHeader } from "../../components/ui";
import { useAsync } from "../../hooks";
import { navigate, useQuery } from "../../router";
import LogsTable from "./LogsTable";
import { LOG_TYPES } from "./logTypes";

const PER_PAGE = 50;

interface Filters {
  type: string;
  user: string;
  client: string;
  from: string;
  to: string;
}

const quote = (value: string) => `"${value.replace(/(["\\])/g, "\\$1")}"`;

/** Auth0's log search syntax (Lucene): field:value terms joined with AND. */
export function logQuery(f: Filters): string {
  const terms: string[] = [];
  if (f.type) terms.push(`type:${f.type}`);
  if (f.user) terms.push(`user_id:${quote(f.user)}`);
  if (f.client) terms.push(`client_id:${quote(f.client)}`);
  if (f.from || f.to) terms.push(`date:[${f.from || "*"} TO ${f.to || "*"}]`);
  return terms.join(" AND ");
}

function readFilters(query: URLSearchParams): Filters {
  return {
    type: query.get("type") ?? "",
    user: query.get("user") ?? "",
    client: query.get("client") ?? "",
    from: query.get("from") ?? "",
    to: query.get("to") ?? "",
  };
}

export default function Logs() {
  const query = useQuery();
  const applied = readFilters(query);
  const page = Number(query.get("page") ?? 0);
  const [form, setForm] = useState<Filters>(applied);
  const q = logQuery(applied);
  const { data, error, loading, reload } = useAsync(() => api.logs.list({ q, page, perPage: PER_PAGE }), [q, page]);
  const { data: clients } = useAsync(() => api.clients.list().catch(() => []), []);

  const go = (filters: Filters, nextPage: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
    if (nextPage) params.set("page", String(nextPage));
    const text = params.toString();
    navigate(`/logs${text ? `?${text}` : ""}`, { replace: true });
  };
  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));

  return (
    <>
      <PageHeader
        title="Logs"
        subtitle="Tenant events: logins, signups, token exchanges, MFA, management changes."
        actions={<Button onClick={reload}>Refresh</Button>}
      />
      <form
        className="filters"
        aria-label="Log filters"
        onSubmit={(e) => {
          e.preventDefault();
          go(form, 0);
        }}
      >
        <div className="field">
          <label htmlFor="log-type">Type</label>
          <select id="log-type" value={form.type} onChange={set("type")}>
            <option value="">All types</option>
            {Object.entries(LOG_TYPES).map(([code, t]) => (
              <option key={code} value={code}>
                {t.label} ({code})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="log-user">User ID</label>
          <input id="log-user" value={form.user} onChange={set("user")} placeholder="auth0|…" />
        </div>
        <div className="field">
          <label htmlFor="log-client">Application</label>
          <select id="log-client" value={form.client} onChange={set("client")}>
            <option value="">All applications</option>
            {(clients ?? []).map((c) => (
              <option key={c.client_id} value={c.client_id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="log-from">From</label>
          <input id="log-from" type="date" value={form.from} onChange={set("from")} />
        </div>
        <div className="field">
          <label htmlFor="log-to">To</label>
          <input id="log-to" type="date" value={form.to} onChange={set("to")} />
        </div>
        <div className="filters-actions">
          <Button type="submit" variant="primary">
            Filter
          </Button>
          <Button
            onClick={() => {
              const empty = { type: "", user: "", client: "", from: "", to: "" };
              setForm(empty);
              go(empty, 0);
            }}
          >
            Clear
          </Button>
        </div>
      </form>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? (
        <Loading />
      ) : (data?.logs ?? []).length === 0 && !error ? (
        <EmptyState title={q ? "No events match these filters" : "No events yet"} />
      ) : (
        <>
          <LogsTable logs={data?.logs ?? []} label="Log events" />
          <nav className="pager" aria-label="Log pages">
            <Button disabled={page <= 0} onClick={() => go(applied, page - 1)}>
              Previous
            </Button>
            <span>
              Page {page + 1} of {pages} · {total} events
            </span>
            <Button disabled={page + 1 >= pages} onClick={() => go(applied, page + 1)}>
              Next
            </Button>
          </nav>
        </>
      )}
    </>
  );
}
