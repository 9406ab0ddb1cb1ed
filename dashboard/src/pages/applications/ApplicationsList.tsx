import { useState } from "react";
import * as api from "../../api/client";
import type { AppType } from "../../api/types";
import { Modal } from "../../components/overlays";
import { Button, CopyButton, EmptyState, ErrorBanner, Loading, PageHeader, TextField } from "../../components/ui";
import { useAsync, useSubmit } from "../../hooks";
import { Link, navigate } from "../../router";
import { APP_TYPES, appTypeLabel, defaultGrants } from "./appTypes";
import { Icon } from "../../components/icons";

function CreateApplicationDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState("My App");
  const [type, setType] = useState<AppType>("spa");
  const { submit, busy, error } = useSubmit(async () => {
    const client = await api.clients.create({
      name: name.trim(),
      app_type: type,
      grant_types: defaultGrants(type),
      is_first_party: true,
      token_endpoint_auth_method: type === "spa" || type === "native" ? "none" : "client_secret_post",
      refresh_token:
        type === "spa" || type === "native"
          ? { rotation_type: "rotating", expiration_type: "expiring" }
          : { rotation_type: "non-rotating", expiration_type: "non-expiring" },
    });
    onClose();
    navigate(`/applications/${encodeURIComponent(client.client_id)}?tab=${type === "non_interactive" ? "apis" : "quickstart"}`);
  });
  return (
    <Modal
      title="Create application"
      onClose={onClose}
      wide
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} disabled={!name.trim()} onClick={() => void submit()}>
            Create
          </Button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextField
          label="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          hint="You can change the name later in the application settings."
        />
        <fieldset className="type-chooser">
          <legend>Choose an application type</legend>
          <div className="type-grid">
            {APP_TYPES.map((t) => (
              <label key={t.id} className={`type-card${type === t.id ? " selected" : ""}`}>
                <input type="radio" name="app_type" value={t.id} checked={type === t.id} onChange={() => setType(t.id)} />
                <span className="type-icon" aria-hidden="true">
                  <Icon name={t.icon} size={26} />
                </span>
                <span className="type-title">{t.label}</span>
                <span className="type-desc">{t.description}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}

export default function ApplicationsList() {
  const { data, error, loading, reload } = useAsync(() => api.clients.list(), []);
  const [creating, setCreating] = useState(false);
  const apps = (data ?? []).filter((c) => !c.global);
  return (
    <>
      <PageHeader
        title="Applications"
        subtitle="Set up applications that use Portcullis to sign users in."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)} aria-label="Create Application">
            + Create Application
          </Button>
        }
      />
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? (
        <Loading />
      ) : apps.length === 0 && !error ? (
        <EmptyState title="No applications yet">
          Use Create Application to register the first app that signs users in through Portcullis.
        </EmptyState>
      ) : (
        <ul className="list" aria-label="Applications">
          {apps.map((app) => (
            <li key={app.client_id} className="list-row">
              <span className="avatar" aria-hidden="true">
                <Icon name={APP_TYPES.find((t) => t.id === app.app_type)?.icon ?? "spa"} size={20} />
              </span>
              <div className="list-main">
                <Link to={`/applications/${encodeURIComponent(app.client_id)}`} className="list-title">
                  {app.name}
                </Link>
                <span className="muted">{appTypeLabel(app.app_type)}</span>
              </div>
              <div className="list-meta">
                <span className="muted small">Client ID:</span> <code className="small">{app.client_id}</code>
                <CopyButton value={app.client_id} label={`Copy client ID of ${app.name}`} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {creating && <CreateApplicationDialog onClose={() => setCreating(false)} />}
    </>
  );
}
