import * as api from "../../api/client";
import { ErrorBanner, Loading, PageHeader } from "../../components/ui";
import { useAsync } from "../../hooks";
import { Link } from "../../router";
import { mergeTriggers } from "../actions/triggers";

export default function FlowsList() {
  const { data, error, loading, reload } = useAsync(() => api.actions.triggers().catch(() => []), []);
  const triggers = mergeTriggers(data);
  return (
    <>
      <PageHeader title="Triggers" subtitle="Each trigger runs its flow of actions, in order, at one point of the lifecycle." />
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? (
        <Loading />
      ) : (
        <ul className="trigger-grid" aria-label="Triggers">
          {triggers.map((t) => (
            <li key={t.id}>
              <Link to={`/flows/${t.id}`} className="trigger-card">
                <span className="trigger-title">{t.label}</span>
                <span className="muted small">{t.description}</span>
                <code className="small">
                  {t.id} · {t.version}
                </code>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
