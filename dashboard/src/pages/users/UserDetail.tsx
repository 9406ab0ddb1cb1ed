import { useState } from "react";
import * as api from "../../api/client";
import type { User } from "../../api/types";
import { useConfirm, useToast } from "../../components/overlays";
import {
  Badge,
  Banner,
  Button,
  Card,
  CopyButton,
  EmptyState,
  ErrorBanner,
  Loading,
  PageHeader,
  TabPanel,
  Tabs,
  formatDate,
} from "../../components/ui";
import { useAsync, useSubmit } from "../../hooks";
import { Link, navigate } from "../../router";
import LogsTable from "../monitoring/LogsTable";
import MetadataEditor from "./MetadataEditor";
import UserMfa from "./UserMfa";
import UserRoles from "./UserRoles";

type Tab = "details" | "roles" | "mfa" | "logs";

/** Auth0 merges metadata at the top level: keys removed in the editor are sent as null to delete them. */
function metadataPatch(previous: Record<string, unknown> | undefined, next: Record<string, unknown>) {
  const removed = Object.keys(previous ?? {}).filter((key) => !(key in next));
  return { ...Object.fromEntries(removed.map((key) => [key, null])), ...next };
}

function Profile({ user }: { user: User }) {
  return (
    <Card title="Profile">
      <dl className="facts">
        <dt>Email</dt>
        <dd>
          {user.email ?? "—"}{" "}
          {user.email && (user.email_verified ? <Badge tone="success">Verified</Badge> : <Badge tone="warning">Unverified</Badge>)}
        </dd>
        <dt>Name</dt>
        <dd>{user.name ?? "—"}</dd>
        <dt>User ID</dt>
        <dd>
          <code>{user.user_id}</code> <CopyButton value={user.user_id} label="Copy user ID" />
        </dd>
        <dt>Connection</dt>
        <dd>{user.identities?.map((i) => i.connection).join(", ") || "—"}</dd>
        <dt>Signed up</dt>
        <dd>{formatDate(user.created_at)}</dd>
        <dt>Latest login</dt>
        <dd>
          {formatDate(user.last_login)} {user.last_ip && <span className="muted">from {user.last_ip}</span>}
        </dd>
        <dt>Logins</dt>
        <dd>{user.logins_count ?? 0}</dd>
      </dl>
    </Card>
  );
}

function RecentLogs({ userId }: { userId: string }) {
  const { data, error, loading, reload } = useAsync(() => api.users.logs(userId, 20), [userId]);
  return (
    <Card
      title="Recent activity"
      actions={
        <Link to={`/logs?user=${encodeURIComponent(userId)}`} className="btn btn-ghost">
          All logs for this user
        </Link>
      }
    >
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? (
        <Loading />
      ) : (data ?? []).length === 0 ? (
        <EmptyState title="No events yet" />
      ) : (
        <LogsTable logs={data ?? []} label="Recent activity" compact />
      )}
    </Card>
  );
}

function BlockStatus({ user, onChange }: { user: User; onChange: (u: User) => void }) {
  const { data: blocks, reload } = useAsync(() => api.userBlocks.get(user.user_id).catch(() => ({ blocked_for: [] })), [user.user_id]);
  const toast = useToast();
  const clear = useSubmit(async () => {
    await api.userBlocks.clear(user.user_id);
    toast("Brute-force block cleared");
    reload();
  });
  const unblock = useSubmit(async () => {
    onChange(await api.users.update(user.user_id, { blocked: false }));
    toast("User unblocked");
  });
  return (
    <>
      {user.blocked && (
        <Banner tone="warning">
          This user is blocked and cannot sign in.{" "}
          <Button variant="ghost" busy={unblock.busy} onClick={() => void unblock.submit()}>
            Unblock
          </Button>
          {unblock.error && <span className="error-text"> {unblock.error}</span>}
        </Banner>
      )}
      {(blocks?.blocked_for.length ?? 0) > 0 && (
        <Banner tone="warning">
          Too many failed attempts: {blocks?.blocked_for.map((b) => b.ip ?? b.identifier).join(", ")} is blocked.{" "}
          <Button variant="ghost" busy={clear.busy} onClick={() => void clear.submit()}>
            Clear block
          </Button>
        </Banner>
      )}
    </>
  );
}

export default function UserDetail({ params }: { params: Record<string, string> }) {
  const confirm = useConfirm();
  const toast = useToast();
  const { data: user, error, loading, reload, setData } = useAsync(() => api.users.get(params.id), [params.id]);
  const [tab, setTab] = useState<Tab>("details");

  const block = useSubmit(async (blocked: boolean) => {
    if (!user) return;
    if (blocked) {
      const ok = await confirm({
        title: "Block user?",
        message: `${user.email ?? user.user_id} will not be able to sign in until unblocked.`,
        confirmLabel: "Block",
        danger: true,
      });
      if (!ok) return;
    }
    setData(await api.users.update(user.user_id, { blocked }));
    toast(blocked ? "User blocked" : "User unblocked");
  });
  const remove = useSubmit(async () => {
    if (!user) return;
    const ok = await confirm({
      title: "Delete user?",
      message: `${user.email ?? user.user_id} and all their data will be deleted. This cannot be undone.`,
      confirmLabel: "Delete",
      danger: true,
    });
    if (!ok) return;
    await api.users.remove(user.user_id);
    toast("User deleted");
    navigate("/users");
  });

  if (loading && !user) return <Loading />;
  if (!user) return <ErrorBanner error={error ?? "User not found"} onRetry={reload} />;

  return (
    <>
      <PageHeader
        back={{ to: "/users", label: "Users" }}
        title={user.email ?? user.name ?? user.user_id}
        subtitle={
          <>
            <code className="small">{user.user_id}</code> {user.blocked && <Badge tone="danger">Blocked</Badge>}
          </>
        }
        actions={
          <>
            <Button busy={block.busy} onClick={() => void block.submit(!user.blocked)}>
              {user.blocked ? "Unblock" : "Block"}
            </Button>
            <Button variant="danger" busy={remove.busy} onClick={() => void remove.submit()}>
              Delete
            </Button>
          </>
        }
      />
      {(block.error || remove.error) && (
        <p className="error-text" role="alert">
          {block.error ?? remove.error}
        </p>
      )}
      <BlockStatus user={user} onChange={setData} />
      <Tabs
        label="User sections"
        value={tab}
        onChange={setTab}
        tabs={[
          { id: "details", label: "Details" },
          { id: "roles", label: "Roles" },
          { id: "mfa", label: "Authentication Methods" },
          { id: "logs", label: "History" },
        ]}
      />
      <TabPanel id={tab}>
        {tab === "details" && (
          <div className="stack">
            <Profile user={user} />
            <MetadataEditor
              title="user_metadata"
              description="Data the user may read and edit, such as preferences."
              value={user.user_metadata}
              path={`inmemory://users/${encodeURIComponent(user.user_id)}/user_metadata.json`}
              save={async (next) => {
                setData(await api.users.update(user.user_id, { user_metadata: metadataPatch(user.user_metadata, next) }));
              }}
            />
            <MetadataEditor
              title="app_metadata"
              description="Data about the user that only administrators and actions change, such as plan or permissions."
              value={user.app_metadata}
              path={`inmemory://users/${encodeURIComponent(user.user_id)}/app_metadata.json`}
              save={async (next) => {
                setData(await api.users.update(user.user_id, { app_metadata: metadataPatch(user.app_metadata, next) }));
              }}
            />
          </div>
        )}
        {tab === "roles" && <UserRoles userId={user.user_id} />}
        {tab === "mfa" && <UserMfa userId={user.user_id} />}
        {tab === "logs" && <RecentLogs userId={user.user_id} />}
      </TabPanel>
    </>
  );
}
