import * as api from "../../api/client";
import type { AuthenticationMethod } from "../../api/types";
import { useConfirm, useToast } from "../../components/overlays";
import { Badge, Button, Card, EmptyState, ErrorBanner, IconButton, Loading, formatDate } from "../../components/ui";
import { useAsync, useSubmit } from "../../hooks";
import { Icon } from "../../components/icons";

const METHOD_LABELS: Record<string, string> = {
  totp: "One-time password (authenticator app)",
  otp: "One-time password (authenticator app)",
  "recovery-code": "Recovery code",
  password: "Password",
  email: "Email",
  phone: "Phone",
  "webauthn-roaming": "Security key",
  "webauthn-platform": "Device biometrics",
  passkey: "Passkey",
};

/** Multi-factor enrollments of a user, with per-method removal and a full reset. */
export default function UserMfa({ userId }: { userId: string }) {
  const confirm = useConfirm();
  const toast = useToast();
  const { data, error, loading, reload } = useAsync(() => api.users.authenticationMethods(userId), [userId]);
  const methods = (data ?? []).filter((m) => m.type !== "password");
  const action = useSubmit(async (kind: "remove" | "reset" | "browsers", method?: AuthenticationMethod) => {
    if (kind === "remove" && method) {
      const ok = await confirm({
        title: "Remove authentication method?",
        message: `The user can no longer use ${METHOD_LABELS[method.type] ?? method.type} and may be asked to enroll again.`,
        confirmLabel: "Remove",
        danger: true,
      });
      if (!ok) return;
      await api.users.removeAuthenticationMethod(userId, method.id);
      toast("Authentication method removed");
    } else if (kind === "reset") {
      const ok = await confirm({
        title: "Reset MFA?",
        message: "All second factors of this user are removed. They enroll again at their next login if MFA is required.",
        confirmLabel: "Reset MFA",
        danger: true,
      });
      if (!ok) return;
      await api.users.removeAllAuthenticationMethods(userId);
      toast("MFA reset");
    } else if (kind === "browsers") {
      await api.users.invalidateRememberedBrowsers(userId);
      toast("Remembered browsers forgotten");
      return;
    }
    reload();
  });
  const missing = error instanceof api.ApiError && error.isMissingEndpoint;
  return (
    <Card
      title="Multi-factor authentication"
      description="Second factors this user has enrolled."
      actions={
        <div className="row-actions">
          <Button busy={action.busy} onClick={() => void action.submit("browsers")}>
            Forget remembered browsers
          </Button>
          <Button variant="danger" disabled={methods.length === 0} busy={action.busy} onClick={() => void action.submit("reset")}>
            Reset MFA
          </Button>
        </div>
      }
    >
      {missing ? (
        <EmptyState title="Not available yet">This server does not list authentication methods yet.</EmptyState>
      ) : (
        <ErrorBanner error={error} onRetry={reload} />
      )}
      {action.error && (
        <p className="error-text" role="alert">
          {action.error}
        </p>
      )}
      {loading && !data ? (
        <Loading />
      ) : missing ? null : methods.length === 0 ? (
        <EmptyState title="No second factor enrolled" />
      ) : (
        <table className="table" aria-label="Enrolled factors">
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col">Status</th>
              <th scope="col" className="hide-narrow">
                Enrolled
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {methods.map((m) => (
              <tr key={m.id}>
                <td>
                  {METHOD_LABELS[m.type] ?? m.type}
                  {m.name && <div className="muted small">{m.name}</div>}
                </td>
                <td>{m.confirmed === false ? <Badge tone="warning">Pending</Badge> : <Badge tone="success">Confirmed</Badge>}</td>
                <td className="hide-narrow">{formatDate(m.created_at)}</td>
                <td className="cell-actions">
                  <IconButton
                    label={`Remove ${METHOD_LABELS[m.type] ?? m.type}`}
                    icon={<Icon name="close" />}
                    onClick={() => void action.submit("remove", m)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
