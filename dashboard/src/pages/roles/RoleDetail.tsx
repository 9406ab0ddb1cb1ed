import { useState } from "react";
import * as api from "../../api/client";
import type { Permission, Role, User } from "../../api/types";
import { Modal, useConfirm, useToast } from "../../components/overlays";
import {
  Button,
  Card,
  Checkbox,
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
} from "../../components/ui";
import { useAsync, useSubmit } from "../../hooks";
import { Link, navigate } from "../../router";
import { Icon } from "../../components/icons";

type Tab = "settings" | "permissions" | "users";

function SettingsTab({ role, onSaved }: { role: Role; onSaved: (r: Role) => void }) {
  const confirm = useConfirm();
  const toast = useToast();
  const [name, setName] = useState(role.name);
  const [description, setDescription] = useState(role.description ?? "");
  const save = useSubmit(async () => {
    onSaved(await api.roles.update(role.id, { name: name.trim(), description }));
    toast("Role saved");
  });
  const remove = useSubmit(async () => {
    const ok = await confirm({
      title: "Delete role?",
      message: `Users lose the role ${role.name} and its permissions.`,
      confirmLabel: "Delete",
      danger: true,
      typeToConfirm: role.name,
    });
    if (!ok) return;
    await api.roles.remove(role.id);
    toast("Role deleted");
    navigate("/roles");
  });
  return (
    <div className="stack">
      <Card title="Settings">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save.submit();
          }}
        >
          <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required />
          <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
          <div className="field">
            <label htmlFor="role-id">Role ID</label>
            <div className="input-group">
              <input id="role-id" readOnly value={role.id} />
              <CopyButton value={role.id} label="Copy role ID" />
            </div>
          </div>
          <div className="form-footer">
            {save.error && (
              <p className="error-text" role="alert">
                {save.error}
              </p>
            )}
            <Button type="submit" variant="primary" busy={save.busy}>
              Save
            </Button>
          </div>
        </form>
      </Card>
      <Card title="Danger Zone">
        <div className="danger-row">
          <div>
            <strong>Delete this role</strong>
          </div>
          <Button variant="danger" busy={remove.busy} onClick={() => void remove.submit()}>
            Delete Role
          </Button>
        </div>
        {remove.error && (
          <p className="error-text" role="alert">
            {remove.error}
          </p>
        )}
      </Card>
    </div>
  );
}

function AddPermissionsDialog({ roleId, existing, onClose }: { roleId: string; existing: Permission[]; onClose: (changed: boolean) => void }) {
  const { data: servers, error, loading } = useAsync(() => api.resourceServers.list(), []);
  const withScopes = (servers ?? []).filter((s) => (s.scopes ?? []).length > 0);
  const [audience, setAudience] = useState("");
  const [selected, setSelected] = useState<string[]>([]);
  const server = withScopes.find((s) => s.identifier === audience) ?? withScopes[0];
  const add = useSubmit(async () => {
    if (!server) return;
    await api.roles.addPermissions(
      roleId,
      selected.map((permission_name) => ({ resource_server_identifier: server.identifier, permission_name })),
    );
    onClose(true);
  });
  const has = (value: string) => existing.some((p) => p.resource_server_identifier === server?.identifier && p.permission_name === value);
  return (
    <Modal
      title="Add permissions"
      onClose={() => onClose(false)}
      footer={
        <>
          <Button onClick={() => onClose(false)}>Cancel</Button>
          <Button variant="primary" busy={add.busy} disabled={selected.length === 0} onClick={() => void add.submit()}>
            Add Permissions
          </Button>
        </>
      }
    >
      <ErrorBanner error={error} />
      {loading ? (
        <Loading />
      ) : withScopes.length === 0 ? (
        <EmptyState title="No permissions defined">
          Define permissions on an <Link to="/apis">API</Link> first.
        </EmptyState>
      ) : (
        <>
          <SelectField
            label="API"
            value={server?.identifier ?? ""}
            onChange={(e) => {
              setAudience(e.target.value);
              setSelected([]);
            }}
            options={withScopes.map((s) => ({ value: s.identifier, label: `${s.name} (${s.identifier})` }))}
          />
          <div className="checkbox-list" role="group" aria-label="Permissions">
            {(server?.scopes ?? []).map((scope) => (
              <Checkbox
                key={scope.value}
                label={scope.value}
                hint={has(scope.value) ? "already assigned" : scope.description}
                disabled={has(scope.value)}
                checked={has(scope.value) || selected.includes(scope.value)}
                onChange={(on) => setSelected((s) => (on ? [...s, scope.value] : s.filter((x) => x !== scope.value)))}
              />
            ))}
          </div>
        </>
      )}
      {add.error && (
        <p className="error-text" role="alert">
          {add.error}
        </p>
      )}
    </Modal>
  );
}

function PermissionsTab({ roleId }: { roleId: string }) {
  const confirm = useConfirm();
  const toast = useToast();
  const { data, error, loading, reload } = useAsync(() => api.roles.permissions(roleId), [roleId]);
  const [adding, setAdding] = useState(false);
  const remove = useSubmit(async (p: Permission) => {
    const ok = await confirm({
      title: "Remove permission?",
      message: `Users with this role lose ${p.permission_name}.`,
      confirmLabel: "Remove",
      danger: true,
    });
    if (!ok) return;
    await api.roles.removePermissions(roleId, [p]);
    toast("Permission removed");
    reload();
  });
  return (
    <Card
      title="Permissions"
      actions={
        <Button variant="primary" onClick={() => setAdding(true)}>
          Add Permissions
        </Button>
      }
    >
      <ErrorBanner error={error ?? remove.error} onRetry={reload} />
      {loading && !data ? (
        <Loading />
      ) : (data ?? []).length === 0 ? (
        <EmptyState title="No permissions yet" />
      ) : (
        <table className="table" aria-label="Role permissions">
          <thead>
            <tr>
              <th scope="col">Permission</th>
              <th scope="col" className="hide-narrow">
                Description
              </th>
              <th scope="col">API</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(data ?? []).map((p) => (
              <tr key={`${p.resource_server_identifier} ${p.permission_name}`}>
                <td>
                  <code>{p.permission_name}</code>
                </td>
                <td className="hide-narrow">{p.description}</td>
                <td>{p.resource_server_name ?? p.resource_server_identifier}</td>
                <td className="cell-actions">
                  <IconButton label={`Remove permission ${p.permission_name}`} icon={<Icon name="close" />} onClick={() => void remove.submit(p)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {adding && (
        <AddPermissionsDialog
          roleId={roleId}
          existing={data ?? []}
          onClose={(changed) => {
            setAdding(false);
            if (changed) {
              toast("Permissions added");
              reload();
            }
          }}
        />
      )}
    </Card>
  );
}

function AddUsersDialog({ roleId, onClose }: { roleId: string; onClose: (changed: boolean) => void }) {
  const [q, setQ] = useState("");
  const [search, setSearch] = useState("");
  const [selected, setSelected] = useState<User[]>([]);
  const { data, error, loading } = useAsync(() => api.users.list({ q: search, page: 0, perPage: 20 }), [search]);
  const add = useSubmit(async () => {
    await api.roles.assignUsers(
      roleId,
      selected.map((u) => u.user_id),
    );
    onClose(true);
  });
  return (
    <Modal
      title="Add users"
      onClose={() => onClose(false)}
      footer={
        <>
          <Button onClick={() => onClose(false)}>Cancel</Button>
          <Button variant="primary" busy={add.busy} disabled={selected.length === 0} onClick={() => void add.submit()}>
            Assign
          </Button>
        </>
      }
    >
      <form
        className="search-bar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(q.trim());
        }}
      >
        <label htmlFor="role-user-search" className="visually-hidden">
          Search users
        </label>
        <input id="role-user-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Search by email" />
        <Button type="submit">Search</Button>
      </form>
      <ErrorBanner error={error} />
      {loading ? (
        <Loading />
      ) : (
        <div className="checkbox-list" role="group" aria-label="Users">
          {(data?.users ?? []).map((u) => (
            <Checkbox
              key={u.user_id}
              label={u.email ?? u.name ?? u.user_id}
              checked={selected.some((s) => s.user_id === u.user_id)}
              onChange={(on) => setSelected((s) => (on ? [...s, u] : s.filter((x) => x.user_id !== u.user_id)))}
            />
          ))}
          {(data?.users ?? []).length === 0 && <p className="muted">No users found.</p>}
        </div>
      )}
      {add.error && (
        <p className="error-text" role="alert">
          {add.error}
        </p>
      )}
    </Modal>
  );
}

function UsersTab({ roleId }: { roleId: string }) {
  const confirm = useConfirm();
  const toast = useToast();
  const { data, error, loading, reload } = useAsync(() => api.roles.users(roleId), [roleId]);
  const [adding, setAdding] = useState(false);
  const remove = useSubmit(async (u: User) => {
    const ok = await confirm({
      title: "Remove user from role?",
      message: `${u.email ?? u.user_id} loses this role.`,
      confirmLabel: "Remove",
      danger: true,
    });
    if (!ok) return;
    await api.users.removeRoles(u.user_id, [roleId]);
    toast("User removed from role");
    reload();
  });
  return (
    <Card
      title="Users"
      actions={
        <Button variant="primary" onClick={() => setAdding(true)}>
          Add Users
        </Button>
      }
    >
      <ErrorBanner error={error ?? remove.error} onRetry={reload} />
      {loading && !data ? (
        <Loading />
      ) : (data ?? []).length === 0 ? (
        <EmptyState title="No users have this role" />
      ) : (
        <table className="table" aria-label="Users with this role">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(data ?? []).map((u) => (
              <tr key={u.user_id}>
                <td>
                  <Link to={`/users/${encodeURIComponent(u.user_id)}`}>{u.email ?? u.name ?? u.user_id}</Link>
                </td>
                <td className="cell-actions">
                  <IconButton label={`Remove ${u.email ?? u.user_id} from role`} icon={<Icon name="close" />} onClick={() => void remove.submit(u)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {adding && (
        <AddUsersDialog
          roleId={roleId}
          onClose={(changed) => {
            setAdding(false);
            if (changed) {
              toast("Users assigned");
              reload();
            }
          }}
        />
      )}
    </Card>
  );
}

export default function RoleDetail({ params }: { params: Record<string, string> }) {
  const { data: role, error, loading, reload, setData } = useAsync(() => api.roles.get(params.id), [params.id]);
  const [tab, setTab] = useState<Tab>("settings");
  if (loading && !role) return <Loading />;
  if (!role) return <ErrorBanner error={error ?? "Role not found"} onRetry={reload} />;
  return (
    <>
      <PageHeader back={{ to: "/roles", label: "Roles" }} title={role.name} subtitle={role.description} />
      <Tabs
        label="Role sections"
        value={tab}
        onChange={setTab}
        tabs={[
          { id: "settings", label: "Settings" },
          { id: "permissions", label: "Permissions" },
          { id: "users", label: "Users" },
        ]}
      />
      <TabPanel id={tab}>
        {tab === "settings" && <SettingsTab role={role} onSaved={setData} />}
        {tab === "permissions" && <PermissionsTab roleId={role.id} />}
        {tab === "users" && <UsersTab roleId={role.id} />}
      </TabPanel>
    </>
  );
}
