import { useState } from "react";
import * as api from "../../api/client";
import type { ResourceServer } from "../../api/types";
import { Modal } from "../../components/overlays";
import { Badge, Button, EmptyState, ErrorBanner, Loading, PageHeader, SelectField, TextField } from "../../components/ui";
import { useAsync, useSubmit } from "../../hooks";
import { Link, navigate } from "../../router";
import { Icon } from "../../components/icons";

function CreateApiDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState("");
  const [identifier, setIdentifier] = useState("");
  const [alg, setAlg] = useState<NonNullable<ResourceServer["signing_alg"]>>("RS256");
  const { submit, busy, error } = useSubmit(async () => {
    const created = await api.resourceServers.create({
      name: name.trim(),
      identifier: identifier.trim(),
      signing_alg: alg,
      scopes: [],
      allow_offline_access: false,
    });
    onClose();
    navigate(`/apis/${encodeURIComponent(created.id)}`);
  });
  return (
    <Modal
      title="New API"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} disabled={!name.trim() || !identifier.trim()} onClick={() => void submit()}>
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
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} placeholder="My API" required />
        <TextField
          label="Identifier"
          value={identifier}
          onChange={(e) => setIdentifier(e.target.value)}
          placeholder="https://api.example.com"
          hint="The audience apps ask tokens for. It cannot be changed later; a URL is customary but not fetched."
          required
        />
        <SelectField
          label="Signing Algorithm"
          value={alg}
          onChange={(e) => setAlg(e.target.value as typeof alg)}
          options={[
            { value: "RS256", label: "RS256" },
            { value: "PS256", label: "PS256" },
            { value: "HS256", label: "HS256" },
          ]}
        />
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

export default function ApisList() {
  const { data, error, loading, reload } = useAsync(() => api.resourceServers.list(), []);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="APIs"
        subtitle="Define the APIs your applications call, their permissions, and who may get tokens for them."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            + Create API
          </Button>
        }
      />
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? (
        <Loading />
      ) : (data ?? []).length === 0 && !error ? (
        <EmptyState title="No APIs yet">Create an API to issue access tokens for it.</EmptyState>
      ) : (
        <ul className="list" aria-label="APIs">
          {(data ?? []).map((rs) => (
            <li key={rs.id} className="list-row">
              <span className="avatar" aria-hidden="true">
                <Icon name="api" size={20} />
              </span>
              <div className="list-main">
                <Link to={`/apis/${encodeURIComponent(rs.id)}`} className="list-title">
                  {rs.name}
                </Link>
                <span className="muted">{rs.is_system ? <Badge>System API</Badge> : "Custom API"}</span>
              </div>
              <div className="list-meta">
                <span className="muted small">Identifier:</span> <code className="small">{rs.identifier}</code>
              </div>
            </li>
          ))}
        </ul>
      )}
      {creating && <CreateApiDialog onClose={() => setCreating(false)} />}
    </>
  );
}
