import { useState } from "react";
import * as api from "../../api/client";
import type { ResourceServer } from "../../api/types";
import { useConfirm, useToast } from "../../components/overlays";
import {
  Badge,
  Banner,
  Button,
  Card,
  CopyButton,
  EmptyState,
  ErrorBanner,
  IconButton,
  Loading,
  PageHeader,
  SelectField,
  TabPanel,
  Tabs,
  TextField,
  Toggle,
} from "../../components/ui";
import { useAsync, useSubmit } from "../../hooks";
import { navigate } from "../../router";
import { ApiClientGrants } from "../applications/ClientGrantsPanel";
import { Icon } from "../../components/icons";

type Tab = "settings" | "permissions" | "m2m";

function SettingsTab({ rs, onSaved }: { rs: ResourceServer; onSaved: (rs: ResourceServer) => void }) {
  const confirm = useConfirm();
  const toast = useToast();
  const [name, setName] = useState(rs.name);
  const [lifetime, setLifetime] = useState(String(rs.token_lifetime ?? 86400));
  const [alg, setAlg] = useState(rs.signing_alg ?? "RS256");
  const [rbac, setRbac] = useState(!!rs.enforce_policies);
  const [permsInToken, setPermsInToken] = useState(rs.token_dialect === "access_token_authz");
  const [offline, setOffline] = useState(!!rs.allow_offline_access);
  const [skipConsent, setSkipConsent] = useState(rs.skip_consent_for_verifiable_first_party_clients ?? true);
  const { submit, busy, error } = useSubmit(async () => {
    const saved = await api.resourceServers.update(rs.id, {
      name: name.trim(),
      token_lifetime: Number(lifetime),
      signing_alg: alg,
      enforce_policies: rbac,
      token_dialect: permsInToken ? "access_token_authz" : "access_token",
      allow_offline_access: offline,
      skip_consent_for_verifiable_first_party_clients: skipConsent,
    });
    onSaved(saved);
    toast("Changes saved");
  });
  const remove = useSubmit(async () => {
    const ok = await confirm({
      title: "Delete API?",
      message: `Applications will no longer get access tokens for ${rs.identifier}.`,
      confirmLabel: "Delete",
      danger: true,
      typeToConfirm: rs.name,
    });
    if (!ok) return;
    await api.resourceServers.remove(rs.id);
    toast("API deleted");
    navigate("/apis");
  });
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Card title="General Settings">
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} disabled={rs.is_system} />
        <div className="field">
          <label htmlFor="rs-identifier">Identifier</label>
          <div className="input-group">
            <input id="rs-identifier" value={rs.identifier} readOnly />
            <CopyButton value={rs.identifier} label="Copy identifier" />
          </div>
        </div>
        <TextField
          label="Token Expiration (Seconds)"
          type="number"
          min={60}
          value={lifetime}
          onChange={(e) => setLifetime(e.target.value)}
          disabled={rs.is_system}
        />
        <SelectField
          label="Signing Algorithm"
          value={alg}
          onChange={(e) => setAlg(e.target.value as typeof alg)}
          disabled={rs.is_system}
          options={[
            { value: "RS256", label: "RS256" },
            { value: "PS256", label: "PS256" },
            { value: "HS256", label: "HS256" },
          ]}
        />
      </Card>
      <Card title="RBAC Settings">
        <Toggle
          label="Enable RBAC"
          checked={rbac}
          onChange={setRbac}
          disabled={rs.is_system}
          hint="Only grant the permissions of the user's roles, instead of every requested scope."
        />
        <Toggle
          label="Add Permissions in the Access Token"
          checked={permsInToken}
          onChange={setPermsInToken}
          disabled={rs.is_system || !rbac}
          hint="Adds a permissions claim with the granted permissions to the access token."
        />
      </Card>
      <Card title="Access Settings">
        <Toggle
          label="Allow Offline Access"
          checked={offline}
          onChange={setOffline}
          disabled={rs.is_system}
          hint="Applications may request a refresh token for this API (scope offline_access)."
        />
        <Toggle
          label="Allow Skipping User Consent"
          checked={skipConsent}
          onChange={setSkipConsent}
          disabled={rs.is_system}
          hint="First-party applications are not asked for consent."
        />
      </Card>
      {!rs.is_system && (
        <div className="form-footer">
          {error && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
          <Button type="submit" variant="primary" busy={busy}>
            Save
          </Button>
        </div>
      )}
      {!rs.is_system && (
        <Card title="Danger Zone">
          <div className="danger-row">
            <div>
              <strong>Delete this API</strong>
              <p className="muted">Tokens can no longer be issued for it.</p>
            </div>
            <Button variant="danger" busy={remove.busy} onClick={() => void remove.submit()}>
              Delete API
            </Button>
          </div>
          {remove.error && (
            <p className="error-text" role="alert">
              {remove.error}
            </p>
          )}
        </Card>
      )}
    </form>
  );
}

function PermissionsTab({ rs, onSaved }: { rs: ResourceServer; onSaved: (rs: ResourceServer) => void }) {
  const confirm = useConfirm();
  const [value, setValue] = useState("");
  const [description, setDescription] = useState("");
  const scopes = rs.scopes ?? [];
  const { submit, busy, error } = useSubmit(async (next: NonNullable<ResourceServer["scopes"]>) => {
    const saved = await api.resourceServers.update(rs.id, { scopes: next });
    onSaved(saved);
    return true;
  });
  const add = async () => {
    const v = value.trim();
    if (!v) return;
    if (scopes.some((s) => s.value === v)) return;
    if (await submit([...scopes, { value: v, description: description.trim() }])) {
      setValue("");
      setDescription("");
    }
  };
  return (
    <div className="stack">
      <Card title="Add a Permission (Scope)" description="Permissions an application can request, e.g. read:messages.">
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <TextField label="Permission" value={value} onChange={(e) => setValue(e.target.value)} placeholder="read:appointments" />
          <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Read your appointments" />
          <Button type="submit" variant="primary" busy={busy} disabled={!value.trim() || rs.is_system}>
            + Add
          </Button>
        </form>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
      </Card>
      <Card title="List of Permissions (Scopes)">
        {scopes.length === 0 ? (
          <EmptyState title="No permissions yet" />
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Permission</th>
                <th scope="col">Description</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {scopes.map((s) => (
                <tr key={s.value}>
                  <td>
                    <code>{s.value}</code>
                  </td>
                  <td>{s.description}</td>
                  <td className="cell-actions">
                    <IconButton
                      label={`Delete permission ${s.value}`}
                      icon={<Icon name="trash" />}
                      disabled={rs.is_system}
                      onClick={async () => {
                        const ok = await confirm({
                          title: "Delete permission?",
                          message: `Roles and applications lose ${s.value}.`,
                          confirmLabel: "Delete",
                          danger: true,
                        });
                        if (ok) void submit(scopes.filter((x) => x.value !== s.value));
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}

export default function ApiDetail({ params }: { params: Record<string, string> }) {
  const { data: rs, error, loading, reload, setData } = useAsync(() => api.resourceServers.get(params.id), [params.id]);
  const [tab, setTab] = useState<Tab>("settings");
  if (loading && !rs) return <Loading />;
  if (!rs) return <ErrorBanner error={error ?? "API not found"} onRetry={reload} />;
  return (
    <>
      <PageHeader
        back={{ to: "/apis", label: "APIs" }}
        title={rs.name}
        subtitle={
          <>
            {rs.is_system ? <Badge>System API</Badge> : <Badge tone="info">Custom API</Badge>}{" "}
            <span className="muted small">Identifier</span> <code className="small">{rs.identifier}</code>
          </>
        }
      />
      {rs.is_system && <Banner>This API is managed by Portcullis; its settings cannot be changed.</Banner>}
      <Tabs
        label="API sections"
        value={tab}
        onChange={setTab}
        tabs={[
          { id: "settings", label: "Settings" },
          { id: "permissions", label: "Permissions" },
          { id: "m2m", label: "Machine to Machine Applications" },
        ]}
      />
      <TabPanel id={tab}>
        {tab === "settings" && <SettingsTab key={rs.id} rs={rs} onSaved={setData} />}
        {tab === "permissions" && <PermissionsTab rs={rs} onSaved={setData} />}
        {tab === "m2m" && <ApiClientGrants resourceServer={rs} />}
      </TabPanel>
    </>
  );
}
