// One log event, with the action executions it references and their per-action timing.
import * as api from "../../api/client";
import type { Execution, ExecutionResult } from "../../api/types";
import { Badge, Card, EmptyState, ErrorBanner, Loading, PageHeader, formatDate } from "../../components/ui";
import { useAsync } from "../../hooks";
import { Link } from "../../router";
import { logTypeLabel, logTypeTone } from "./logTypes";

function duration(result: ExecutionResult): string {
  const total = result.stats?.total_ms;
  if (typeof total === "number") return `${Math.round(total * 10) / 10} ms`;
  if (!result.started_at || !result.ended_at) return "—";
  const ms = new Date(result.ended_at).getTime() - new Date(result.started_at).getTime();
  return Number.isNaN(ms) ? "—" : `${ms} ms`;
}

function ExecutionCard({ id }: { id: string }) {
  const { data, error, loading } = useAsync<Execution>(() => api.actions.execution(id), [id]);
  return (
    <Card title={`Execution ${id}`}>
      <ErrorBanner error={error} />
      {loading ? (
        <Loading />
      ) : data ? (
        <>
          <p className="muted small">
            Trigger <code>{data.trigger_id}</code> · status <Badge tone={data.status === "final" ? "success" : "warning"}>{data.status}</Badge>
          </p>
          <table className="table" aria-label={`Actions of execution ${id}`}>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Action</th>
                <th scope="col">Duration</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {data.results.map((r, index) => (
                <tr key={index}>
                  <td>{index + 1}</td>
                  <td>{r.action_name}</td>
                  <td>{duration(r)}</td>
                  <td>
                    {r.error ? (
                      <span className="error-text">
                        {[r.error.code, r.error.message ?? r.error.msg].filter(Boolean).join(": ") || "error"}
                      </span>
                    ) : (
                      <Badge tone="success">OK</Badge>
                    )}
                    {r.logs && <pre className="console small">{r.logs}</pre>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </Card>
  );
}

export default function LogDetail({ params }: { params: Record<string, string> }) {
  const { data: log, error, loading, reload } = useAsync(() => api.logs.get(params.id), [params.id]);
  if (loading && !log) return <Loading />;
  if (!log) return <ErrorBanner error={error ?? "Event not found"} onRetry={reload} />;
  const executions = log.details?.actions?.executions ?? [];
  return (
    <>
      <PageHeader
        back={{ to: "/logs", label: "Logs" }}
        title={<Badge tone={logTypeTone(log.type)}>{logTypeLabel(log.type)}</Badge>}
        subtitle={formatDate(log.date)}
      />
      <Card title="Summary">
        <dl className="facts">
          <dt>Type</dt>
          <dd>
            <code>{log.type}</code> {logTypeLabel(log.type)}
          </dd>
          <dt>Description</dt>
          <dd>{log.description ?? "—"}</dd>
          <dt>Date</dt>
          <dd>{formatDate(log.date)}</dd>
          <dt>Application</dt>
          <dd>
            {log.client_id ? (
              <Link to={`/applications/${encodeURIComponent(log.client_id)}`}>{log.client_name ?? log.client_id}</Link>
            ) : (
              "—"
            )}
          </dd>
          <dt>User</dt>
          <dd>
            {log.user_id ? <Link to={`/users/${encodeURIComponent(log.user_id)}`}>{log.user_name ?? log.user_id}</Link> : log.user_name ?? "—"}
          </dd>
          <dt>Connection</dt>
          <dd>{log.connection ?? "—"}</dd>
          <dt>IP address</dt>
          <dd>{log.ip ?? "—"}</dd>
          <dt>User agent</dt>
          <dd className="break">{log.user_agent ?? "—"}</dd>
          <dt>Log ID</dt>
          <dd>
            <code>{log.log_id}</code>
          </dd>
        </dl>
      </Card>
      <section aria-label="Action executions" className="stack">
        <h2>Action executions</h2>
        {executions.length === 0 ? (
          <EmptyState title="No actions ran for this event" />
        ) : (
          executions.map((id) => <ExecutionCard key={id} id={id} />)
        )}
      </section>
      <Card title="Raw event">
        <pre className="console" aria-label="Raw event JSON">
          {JSON.stringify(log, null, 2)}
        </pre>
      </Card>
    </>
  );
}
