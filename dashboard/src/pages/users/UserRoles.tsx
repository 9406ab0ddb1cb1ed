import { useState } from "react";
import * as api from "../../api/client";
import type { Role } from "../../api/types";
import { Modal, useConfirm, useToast } from "../../components/overlays";
import { Button, Card, Checkbox, EmptyState, ErrorBanner, IconButton, Loading } from "../../components/ui";
import { useAsync, useSubmit } from "../../hooks";
import { Link } from "../../router";
import { Icon } from "../../components/icons";

function AssignRolesDialog({ userId, assigned, onClose }: { userId: string; assigned: Role[]; onClose: (changed: boolean) => void }) {
  const { data, error, loading } = useAsync(() => api.roles.list(), []);
  const [selected, setSelected] = useState<string[]>([]);
  const available = (data ?? []).filter((r) => !assigned.some((a) => a.id === r.id));
  const assign = useSubmit(async () => {
    await api.users.assignRoles(userId, selected);
    onClose(true);
  });
  return (
    <Modal
      title="Assign roles"
      onClose={() => onClose(false)}
      footer={
        <>
          <Button onClick={() => onClose(false)}>Cancel</Button>
          <Button variant="primary" busy={assign.busy} disabled={selected.length === 0} onClick={() => void assign.submit()}>
            Assign
          </Button>
        </>
      }
    >
      <ErrorBanner error={error} />
      {loading ? (
        <Loading />
      ) : available.length === 0 ? (
        <EmptyState title="No roles to assign">
          <Link to="/roles">Create a role</Link> first, or this user already has them all.
        </EmptyState>
      ) : (
        <div className="checkbox-list" role="group" aria-label="Roles">
          {available.map((role) => (
            <Checkbox
              key={role.id}
              label={role.name}
              hint={role.description}
              checked={selected.includes(role.id)}
              onChange={(on) => setSelected((s) => (on ? [...s, role.id] : s.filter((x) => x !== role.id)))}
            />
          ))}
        </div>
      )}
      {assign.error && (
        <p className="error-text" role="alert">
          {assign.error}
        </p>
      )}
    </Modal>
  );
}

export default function UserRoles({ userId }: { userId: string }) {
  const confirm = useConfirm();
  const toast = useToast();
  const { data, error, loading, reload } = useAsync(() => api.users.roles(userId), [userId]);
  const [assigning, setAssigning] = useState(false);
  const remove = useSubmit(async (role: Role) => {
    const ok = await confirm({
      title: "Remove role?",
      message: `The user loses the role ${role.name} and its permissions.`,
      confirmLabel: "Remove",
      danger: true,
    });
    if (!ok) return;
    await api.users.removeRoles(userId, [role.id]);
    toast("Role removed");
    reload();
  });
  return (
    <Card
      title="Roles"
      description="Roles assigned to this user. Actions see their names in event.authorization.roles."
      actions={
        <Button variant="primary" onClick={() => setAssigning(true)}>
          Assign Roles
        </Button>
      }
    >
      <ErrorBanner error={error ?? remove.error} onRetry={reload} />
      {loading && !data ? (
        <Loading />
      ) : (data ?? []).length === 0 ? (
        <EmptyState title="No roles assigned" />
      ) : (
        <table className="table" aria-label="Assigned roles">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(data ?? []).map((role) => (
              <tr key={role.id}>
                <td>
                  <Link to={`/roles/${encodeURIComponent(role.id)}`}>{role.name}</Link>
                </td>
                <td>{role.description}</td>
                <td className="cell-actions">
                  <IconButton label={`Remove role ${role.name}`} icon={<Icon name="close" />} onClick={() => void remove.submit(role)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {assigning && (
        <AssignRolesDialog
          userId={userId}
          assigned={data ?? []}
          onClose={(changed) => {
            setAssigning(false);
            if (changed) {
              toast("Roles assigned");
              reload();
            }
          }}
        />
      )}
    </Card>
  );
}
