import { useState } from "react";
import * as api from "../../api/client";
import { Modal } from "../../components/overlays";
import { Badge, Button, EmptyState, ErrorBanner, Loading, PageHeader, SelectField, TextField, relativeTime } from "../../components/ui";
import { useAsync, useSubmit } from "../../hooks";
import { Link, navigate, useQuery } from "../../router";

const PER_PAGE = 25;
export const DATABASE_CONNECTION = "Username-Password-Authentication";

function CreateUserDialog({ onClose }: { onClose: () => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [connection, setConnection] = useState(DATABASE_CONNECTION);
  const { submit, busy, error } = useSubmit(async () => {
    const user = await api.users.create({ email: email.trim(), password, connection });
    onClose();
    navigate(`/users/${encodeURIComponent(user.user_id)}`);
  });
  return (
    <Modal
      title="Create user"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} disabled={!email.trim() || !password} onClick={() => void submit()}>
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
        <TextField label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" required />
        <TextField
          label="Password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          required
        />
        <SelectField
          label="Connection"
          value={connection}
          onChange={(e) => setConnection(e.target.value)}
          options={[{ value: DATABASE_CONNECTION, label: DATABASE_CONNECTION }]}
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

export default function UsersList() {
  const query = useQuery();
  const q = query.get("q") ?? "";
  const page = Number(query.get("page") ?? 0);
  const [search, setSearch] = useState(q);
  const [creating, setCreating] = useState(false);
  const { data, error, loading, reload } = useAsync(() => api.users.list({ q, page, perPage: PER_PAGE }), [q, page]);
  const go = (nextQ: string, nextPage: number) => {
    const params = new URLSearchParams();
    if (nextQ) params.set("q", nextQ);
    if (nextPage) params.set("page", String(nextPage));
    const text = params.toString();
    navigate(`/users${text ? `?${text}` : ""}`, { replace: true });
  };
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  return (
    <>
      <PageHeader
        title="Users"
        subtitle="People who can sign in to your applications."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            + Create User
          </Button>
        }
      />
      <form
        className="search-bar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go(search.trim(), 0);
        }}
      >
        <label htmlFor="user-search" className="visually-hidden">
          Search users
        </label>
        <input
          id="user-search"
          type="search"
          placeholder='Search by email or name, or a query like email:"a@example.com"'
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Button type="submit">Search</Button>
      </form>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? (
        <Loading />
      ) : (data?.users ?? []).length === 0 && !error ? (
        <EmptyState title={q ? "No users match this search" : "No users yet"}>
          {q ? "Try another search." : "Create a user, or let people sign up on the login page."}
        </EmptyState>
      ) : (
        <>
          <table className="table" aria-label="Users">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="hide-narrow">
                  Connection
                </th>
                <th scope="col" className="hide-narrow">
                  Logins
                </th>
                <th scope="col">Latest login</th>
              </tr>
            </thead>
            <tbody>
              {(data?.users ?? []).map((user) => (
                <tr key={user.user_id}>
                  <td>
                    <Link to={`/users/${encodeURIComponent(user.user_id)}`} className="list-title">
                      {user.name && user.name !== user.email ? user.name : user.email ?? user.user_id}
                    </Link>
                    <div className="muted small">
                      {user.email} {user.blocked && <Badge tone="danger">Blocked</Badge>}
                    </div>
                  </td>
                  <td className="hide-narrow">{user.identities?.[0]?.connection ?? "—"}</td>
                  <td className="hide-narrow">{user.logins_count ?? 0}</td>
                  <td>{relativeTime(user.last_login)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav className="pager" aria-label="Users pages">
            <Button disabled={page <= 0} onClick={() => go(q, page - 1)}>
              Previous
            </Button>
            <span>
              Page {page + 1} of {pages} · {total} users
            </span>
            <Button disabled={page + 1 >= pages} onClick={() => go(q, page + 1)}>
              Next
            </Button>
          </nav>
        </>
      )}
      {creating && <CreateUserDialog onClose={() => setCreating(false)} />}
    </>
  );
}
