import { useState } from "react";
import * as api from "../../api/client";
import { Modal } from "../../components/overlays";
import { Button, EmptyState, ErrorBanner, Loading, PageHeader, TextField } from "../../components/ui";
import { useAsync, useSubmit } from "../../hooks";
import { Link, navigate } from "../../router";

function CreateRoleDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const { submit, busy, error } = useSubmit(async () => {
    const role = await api.roles.create({ name: name.trim(), description: description.trim() || undefined });
    onClose();
    navigate(`/roles/${encodeURIComponent(role.id)}`);
  });
  return (
    <Modal
      title="New role"
      onClose={onClose}
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
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required />
        <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
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

export default function RolesList() {
  const { data, error, loading, reload } = useAsync(() => api.roles.list(), []);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="Roles"
        subtitle="Group permissions and assign them to users. Actions see role names in event.authorization.roles."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            + Create Role
          </Button>
        }
      />
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? (
        <Loading />
      ) : (data ?? []).length === 0 && !error ? (
        <EmptyState title="No roles yet">Create a role such as Admin, then assign it to users.</EmptyState>
      ) : (
        <table className="table" aria-label="Roles">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {(data ?? []).map((role) => (
              <tr key={role.id}>
                <td>
                  <Link to={`/roles/${encodeURIComponent(role.id)}`} className="list-title">
                    {role.name}
                  </Link>
                </td>
                <td>{role.description ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating && <CreateRoleDialog onClose={() => setCreating(false)} />}
    </>
  );
}
