import { useState } from "react";
import * as api from "../../api/client";
import type { AppType, Client } from "../../api/types";
import { useSession } from "../../auth/session";
import { useConfirm, useToast } from "../../components/overlays";
import {
  Badge,
  Button,
  Card,
  Checkbox,
  CopyButton,
  ErrorBanner,
  IconButton,
  Loading,
  PageHeader,
  SelectField,
  TabPanel,
  Tabs,
  TextArea,
  TextField,
  Toggle,
} from "../../components/ui";
import { joinList, splitList, useAsync, useSubmit } from "../../hooks";
import { navigate, useQuery } from "../../router";
import ClientGrantsPanel from "./ClientGrantsPanel";
import Quickstart from "./Quickstart";
import { APP_TYPES, GRANT_TYPES, appTypeLabel, isConfidential } from "./appTypes";
import { Icon } from "../../components/icons";

type Tab = "quickstart" | "settings" | "apis";

function SecretField({ client, onRotated }: { client: Client; onRotated: (c: Client) => void }) {
  const [shown, setShown] = useState(false);
  const confirm = useConfirm();
  const toast = useToast();
  const { submit, busy, error } = useSubmit(async () => {
    const ok = await confirm({
      title: "Rotate client secret?",
      message: "Applications using the current secret stop working until they are given the new one.",
      confirmLabel: "Rotate",
      danger: true,
    });
    if (!ok) return;
    const rotated = await api.clients.rotateSecret(client.client_id);
    onRotated(rotated);
    setShown(true);
    toast("Client secret rotated");
  });
  const secret = client.client_secret ?? "";
  return (
    <div className="field">
      <label htmlFor="client-secret">Client Secret</label>
      <div className="input-group">
        <input id="client-secret" readOnly type={shown ? "text" : "password"} value={secret} autoComplete="off" />
        <IconButton
          label={shown ? "Hide client secret" : "Reveal client secret"}
          icon={<Icon name={shown ? "eyeOff" : "eye"} />}
          onClick={() => setShown((s) => !s)}
        />
        <CopyButton value={secret} label="Copy client secret" />
        <Button variant="secondary" busy={busy} onClick={() => void submit()}>
          Rotate
        </Button>
      </div>
      <p className="hint">The secret is only for confidential applications and must never be placed in a browser or mobile app.</p>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function SettingsForm({ client, onSaved }: { client: Client; onSaved: (c: Client) => void }) {
  const session = useSession();
  const confirm = useConfirm();
  const toast = useToast();
  const [name, setName] = useState(client.name);
  const [description, setDescription] = useState(client.description ?? "");
  const [appType, setAppType] = useState<AppType>(client.app_type ?? "spa");
  const [callbacks, setCallbacks] = useState(joinList(client.callbacks));
  const [logoutUrls, setLogoutUrls] = useState(joinList(client.allowed_logout_urls));
  const [webOrigins, setWebOrigins] = useState(joinList(client.web_origins));
  const [allowedOrigins, setAllowedOrigins] = useState(joinList(client.allowed_origins));
  const [grants, setGrants] = useState<string[]>(client.grant_types ?? []);
  const [rotating, setRotating] = useState(client.refresh_token?.rotation_type === "rotating");
  const [expiring, setExpiring] = useState(client.refresh_token?.expiration_type === "expiring");

  const { submit, busy, error } = useSubmit(async () => {
    const saved = await api.clients.update(client.client_id, {
      name: name.trim(),
      description,
      app_type: appType,
      callbacks: splitList(callbacks),
      allowed_logout_urls: splitList(logoutUrls),
      web_origins: splitList(webOrigins),
      allowed_origins: splitList(allowedOrigins),
      grant_types: grants,
      refresh_token: {
        ...client.refresh_token,
        rotation_type: rotating ? "rotating" : "non-rotating",
        expiration_type: expiring ? "expiring" : "non-expiring",
      },
    });
    onSaved(saved);
    toast("Changes saved");
  });

  const remove = useSubmit(async () => {
    const ok = await confirm({
      title: "Delete application?",
      message: `Users will no longer be able to sign in to ${client.name}. This cannot be undone.`,
      confirmLabel: "Delete",
      danger: true,
      typeToConfirm: client.name,
    });
    if (!ok) return;
    await api.clients.remove(client.client_id);
    toast("Application deleted");
    navigate("/applications");
  });

  const toggleGrant = (id: string, on: boolean) => setGrants((g) => (on ? [...g, id] : g.filter((x) => x !== id)));

  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Card title="Basic Information">
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required />
        <div className="field">
          <label htmlFor="domain">Domain</label>
          <div className="input-group">
            <input id="domain" readOnly value={session.tenant.domain} />
            <CopyButton value={session.tenant.domain} label="Copy domain" />
          </div>
        </div>
        <div className="field">
          <label htmlFor="client-id">Client ID</label>
          <div className="input-group">
            <input id="client-id" readOnly value={client.client_id} />
            <CopyButton value={client.client_id} label="Copy client ID" />
          </div>
        </div>
        {(isConfidential(client.app_type) || client.client_secret) && <SecretField client={client} onRotated={onSaved} />}
        <TextArea label="Description" value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
      </Card>
      <Card title="Application Properties">
        <SelectField
          label="Application Type"
          value={appType}
          onChange={(e) => setAppType(e.target.value as AppType)}
          options={APP_TYPES.map((t) => ({ value: t.id, label: t.label }))}
        />
      </Card>
      <Card title="Application URIs">
        <TextArea
          label="Allowed Callback URLs"
          value={callbacks}
          onChange={(e) => setCallbacks(e.target.value)}
          rows={2}
          hint="After the user signs in, Portcullis only redirects to these URLs. Separate them with commas."
        />
        <TextArea
          label="Allowed Logout URLs"
          value={logoutUrls}
          onChange={(e) => setLogoutUrls(e.target.value)}
          rows={2}
          hint="Where the user may be sent back after logging out (returnTo). Comma-separated."
        />
        <TextArea
          label="Allowed Web Origins"
          value={webOrigins}
          onChange={(e) => setWebOrigins(e.target.value)}
          rows={2}
          hint="Origins allowed for silent authentication and refresh from the browser. Comma-separated."
        />
        <TextArea
          label="Allowed Origins (CORS)"
          value={allowedOrigins}
          onChange={(e) => setAllowedOrigins(e.target.value)}
          rows={2}
          hint="Origins allowed to call the authentication API from JavaScript. Comma-separated."
        />
      </Card>
      <Card title="Refresh Token Rotation">
        <Toggle
          label="Allow Refresh Token Rotation"
          checked={rotating}
          onChange={setRotating}
          hint="Each refresh returns a new refresh token; reusing an old one revokes the whole family."
        />
        <Toggle
          label="Refresh Token Expiration"
          checked={expiring}
          onChange={setExpiring}
          hint="Refresh tokens expire after an absolute and an idle lifetime."
        />
      </Card>
      <Card title="Grant Types">
        <div className="checkbox-grid" role="group" aria-label="Grant Types">
          {GRANT_TYPES.map((g) => (
            <Checkbox key={g.id} label={g.label} checked={grants.includes(g.id)} onChange={(on) => toggleGrant(g.id, on)} />
          ))}
        </div>
      </Card>
      <div className="form-footer sticky-footer">
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <Button type="submit" variant="primary" busy={busy}>
          Save Changes
        </Button>
      </div>
      <Card title="Danger Zone">
        <div className="danger-row">
          <div>
            <strong>Delete this application</strong>
            <p className="muted">All users will be unable to sign in to it.</p>
          </div>
          <Button variant="danger" busy={remove.busy} onClick={() => void remove.submit()}>
            Delete Application
          </Button>
        </div>
        {remove.error && (
          <p className="error-text" role="alert">
            {remove.error}
          </p>
        )}
      </Card>
    </form>
  );
}

export default function ApplicationDetail({ params }: { params: Record<string, string> }) {
  const session = useSession();
  const query = useQuery();
  const { data: client, error, loading, reload, setData } = useAsync(() => api.clients.get(params.id), [params.id]);
  const [tab, setTab] = useState<Tab>((query.get("tab") as Tab) || "quickstart");

  const merge = (saved: Client) => setData((previous) => ({ ...previous, ...saved }));

  if (loading && !client) return <Loading />;
  if (!client) return <ErrorBanner error={error ?? "Application not found"} onRetry={reload} />;

  const showApis = client.app_type === "non_interactive" || (client.grant_types ?? []).includes("client_credentials");
  const tabs: { id: Tab; label: string }[] = [
    { id: "quickstart", label: "Quickstart" },
    { id: "settings", label: "Settings" },
    ...(showApis ? [{ id: "apis" as Tab, label: "APIs" }] : []),
  ];
  return (
    <>
      <PageHeader
        back={{ to: "/applications", label: "Applications" }}
        title={client.name}
        subtitle={
          <>
            <Badge tone="info">{appTypeLabel(client.app_type)}</Badge> <span className="muted small">Client ID</span>{" "}
            <code className="small">{client.client_id}</code> <CopyButton value={client.client_id} label="Copy client ID" />
          </>
        }
      />
      <Tabs label="Application sections" tabs={tabs} value={tab} onChange={setTab} />
      <TabPanel id={tab}>
        {tab === "quickstart" && <Quickstart client={client} domain={session.tenant.domain} />}
        {tab === "settings" && <SettingsForm key={client.client_id} client={client} onSaved={merge} />}
        {tab === "apis" && <ClientGrantsPanel client={client} />}
      </TabPanel>
    </>
  );
}
