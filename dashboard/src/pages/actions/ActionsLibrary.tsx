import { useState } from "react";
import * as api from "../../api/client";
import { Button, EmptyState, ErrorBanner, Loading, PageHeader, relativeTime } from "../../components/ui";
import { useAsync } from "../../hooks";
import { Link, navigate } from "../../router";
import { ActionStatusBadges } from "./status";
import { TEMPLATES } from "./templates";
import { triggerInfo } from "./triggers";

export default function ActionsLibrary() {
  const { data, error, loading, reload } = useAsync(() => api.actions.list({ perPage: 100 }), []);
  const [filter, setFilter] = useState("");
  const actions = (data?.actions ?? []).filter((a) => a.name.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <>
      <PageHeader
        title="Actions Library"
        subtitle="Custom JavaScript that runs at points of the login and user lifecycle."
        actions={
          <>
            <Button onClick={() => navigate("/actions/new?from=template")}>Choose from template</Button>
            <Button variant="primary" onClick={() => navigate("/actions/new")}>
              + Create Action
            </Button>
          </>
        }
      />
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? (
        <Loading />
      ) : (data?.actions ?? []).length === 0 && !error ? (
        <EmptyState title="No custom actions yet">
          <p>Build one from scratch, or start from a template:</p>
          <ul className="template-links">
            {TEMPLATES.map((t) => (
              <li key={t.id}>
                <Link to={`/actions/new?template=${t.id}`}>{t.name}</Link> — {t.summary}
              </li>
            ))}
          </ul>
        </EmptyState>
      ) : (
        <>
          <div className="search-bar">
            <label htmlFor="action-filter" className="visually-hidden">
              Filter actions
            </label>
            <input
              id="action-filter"
              type="search"
              placeholder="Filter by name"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
          </div>
          <table className="table" aria-label="Custom actions">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="hide-narrow">
                  Trigger
                </th>
                <th scope="col">Status</th>
                <th scope="col" className="hide-narrow">
                  Last modified
                </th>
              </tr>
            </thead>
            <tbody>
              {actions.map((action) => {
                const trigger = action.supported_triggers[0];
                return (
                  <tr key={action.id}>
                    <td>
                      <Link to={`/actions/${encodeURIComponent(action.id)}`} className="list-title">
                        {action.name}
                      </Link>
                      <div className="muted small">{action.runtime}</div>
                    </td>
                    <td className="hide-narrow">{trigger ? triggerInfo(trigger.id).label : "—"}</td>
                    <td>
                      <ActionStatusBadges action={action} />
                    </td>
                    <td className="hide-narrow">{relativeTime(action.updated_at)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
