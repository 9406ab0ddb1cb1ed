// Machine-to-machine authorizations (client grants): which application may get tokens for which API,
// with which permissions. Shown from the application's side and from the API's side.
import { useState } from "react";
import * as api from "../../api/client";
import type { Client, ClientGrant, ResourceServer } from "../../api/types";
import { useConfirm, useToast } from "../../components/overlays";
import { Button, Card, Checkbox, EmptyState, ErrorBanner, Loading, Toggle } from "../../components/ui";
import { useAsync, useSubmit } from "../../hooks";

function GrantRow({
  title,
  subtitle,
  resourceServer,
  clientId,
  grant,
  onChange,
}: {
  title: string;
  subtitle: string;
  resourceServer: ResourceServer;
  clientId: string;
  grant?: ClientGrant;
  onChange: () => void;
}) {
  const confirm = useConfirm();
  const toast = useToast();
  const [scopes, setScopes] = useState<string[]>(grant?.scope ?? []);
  const [open, setOpen] = useState(false);
  const { submit, busy, error } = useSubmit(async (action: "authorize" | "revoke" | "update") => {
    if (action === "authorize") {
      await api.clientGrants.create({ client_id: clientId, audience: resourceServer.identifier, scope: [] });
      setOpen(true);
      toast(`${title} authorized`);
    } else if (action === "revoke" && grant) {
      const ok = await confirm({
        title: "Revoke authorization?",
        message: `${title} will no longer get access tokens for this API.`,
        confirmLabel: "Revoke",
        danger: true,
      });
      if (!ok) return;
      await api.clientGrants.remove(grant.id);
      toast("Authorization revoked");
    } else if (action === "update" && grant) {
      await api.clientGrants.update(grant.id, scopes);
      toast("Permissions updated");
    }
    onChange();
  });
  const available = resourceServer.scopes ?? [];
  return (
    <li className="grant-row">
      <div className="grant-head">
        <div>
          <strong>{title}</strong>
          <div className="muted small">{subtitle}</div>
        </div>
        <div className="row-actions">
          {grant && available.length > 0 && (
            <Button variant="ghost" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
              {open ? "Hide permissions" : `Permissions (${grant.scope.length}/${available.length})`}
            </Button>
          )}
          <Toggle
            label={`Authorize ${title}`}
            checked={!!grant}
            disabled={busy}
            onChange={(on) => void submit(on ? "authorize" : "revoke")}
          />
        </div>
      </div>
      {grant && open && (
        <div className="grant-scopes">
          <div className="row-actions">
            <Button variant="ghost" onClick={() => setScopes(available.map((s) => s.value))}>
              Select all
            </Button>
            <Button variant="ghost" onClick={() => setScopes([])}>
              Select none
            </Button>
          </div>
          <div className="checkbox-grid" role="group" aria-label={`Permissions granted to ${title}`}>
            {available.map((s) => (
              <Checkbox
                key={s.value}
                label={s.value}
                hint={s.description}
                checked={scopes.includes(s.value)}
                onChange={(on) => setScopes((list) => (on ? [...list, s.value] : list.filter((x) => x !== s.value)))}
              />
            ))}
          </div>
          <Button variant="primary" busy={busy} onClick={() => void submit("update")}>
            Update
          </Button>
        </div>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** From an application: the APIs it may call with client credentials. */
export default function ClientGrantsPanel({ client }: { client: Client }) {
  const { data, error, loading, reload } = useAsync(
    () => Promise.all([api.resourceServers.list(), api.clientGrants.list({ client_id: client.client_id })]),
    [client.client_id],
  );
  if (loading && !data) return <Loading />;
  const [servers, grants] = data ?? [[], []];
  return (
    <Card title="APIs" description="Authorize this application to request access tokens for these APIs (client credentials).">
      <ErrorBanner error={error} onRetry={reload} />
      {servers.length === 0 ? (
        <EmptyState title="No APIs">Create an API first.</EmptyState>
      ) : (
        <ul className="list plain" aria-label="API authorizations">
          {servers.map((rs) => {
            const grant = grants.find((g) => g.audience === rs.identifier && g.client_id === client.client_id);
            return (
              <GrantRow
                key={`${rs.id}-${grant?.id ?? "none"}-${grant?.scope.join(",") ?? ""}`}
                title={rs.name}
                subtitle={rs.identifier}
                resourceServer={rs}
                clientId={client.client_id}
                grant={grant}
                onChange={reload}
              />
            );
          })}
        </ul>
      )}
    </Card>
  );
}

/** From an API: the machine-to-machine applications allowed to call it. */
export function ApiClientGrants({ resourceServer }: { resourceServer: ResourceServer }) {
  const { data, error, loading, reload } = useAsync(
    () => Promise.all([api.clients.list(), api.clientGrants.list({ audience: resourceServer.identifier })]),
    [resourceServer.identifier],
  );
  if (loading && !data) return <Loading />;
  const [clients, grants] = data ?? [[], []];
  const eligible = clients.filter(
    (c) => !c.global && (c.app_type === "non_interactive" || (c.grant_types ?? []).includes("client_credentials")),
  );
  return (
    <Card
      title="Machine to Machine Applications"
      description="Applications that may request access tokens for this API with their own credentials."
    >
      <ErrorBanner error={error} onRetry={reload} />
      {eligible.length === 0 ? (
        <EmptyState title="No machine-to-machine applications">
          Create an application of type Machine to Machine to authorize it here.
        </EmptyState>
      ) : (
        <ul className="list plain" aria-label="Authorized applications">
          {eligible.map((c) => {
            const grant = grants.find((g) => g.client_id === c.client_id && g.audience === resourceServer.identifier);
            return (
              <GrantRow
                key={`${c.client_id}-${grant?.id ?? "none"}-${grant?.scope.join(",") ?? ""}`}
                title={c.name}
                subtitle={c.client_id}
                resourceServer={resourceServer}
                clientId={c.client_id}
                grant={grant}
                onChange={reload}
              />
            );
          })}
        </ul>
      )}
    </Card>
  );
}
