// Secrets are write-only: names and dates are shown, values never come back from the server.
import { useState } from "react";
import * as api from "../../../api/client";
import type { Action } from "../../../api/types";
import { useConfirm, useToast } from "../../../components/overlays";
import { Button, IconButton, TextField, formatDate } from "../../../components/ui";
import { useSubmit } from "../../../hooks";
import { Icon } from "../../../components/icons";

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export default function SecretsPanel({ action, onSaved }: { action: Action; onSaved: (a: Action) => void }) {
  const confirm = useConfirm();
  const toast = useToast();
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const secrets = action.secrets ?? [];
  // The full list is sent; a secret without a value keeps the value stored on the server.
  const keep = (except?: string) => secrets.filter((s) => s.name !== except).map((s) => ({ name: s.name }));
  const save = useSubmit(async () => {
    const key = name.trim();
    if (!NAME.test(key)) throw new Error("Use letters, digits and underscores, starting with a letter or underscore.");
    const replacing = secrets.some((s) => s.name === key);
    onSaved(await api.actions.update(action.id, { secrets: [...keep(key), { name: key, value }] }));
    setName("");
    setValue("");
    toast(replacing ? `Secret ${key} replaced` : `Secret ${key} added`);
  });
  const remove = useSubmit(async (key: string) => {
    const ok = await confirm({
      title: "Delete secret?",
      message: `event.secrets.${key} will be undefined once the action is deployed again.`,
      confirmLabel: "Delete",
      danger: true,
    });
    if (!ok) return;
    onSaved(await api.actions.update(action.id, { secrets: keep(key) }));
    toast(`Secret ${key} deleted`);
  });
  return (
    <div className="panel-body" data-testid="secrets-panel">
      <p className="muted small">
        Read them as <code>event.secrets.NAME</code>. Values are stored encrypted and cannot be viewed again; enter the same name to
        replace one. Changes apply to the draft: deploy to use them.
      </p>
      {secrets.length === 0 ? (
        <p className="muted">No secrets yet.</p>
      ) : (
        <ul className="kv-list" aria-label="Secrets">
          {secrets.map((s) => (
            <li key={s.name}>
              <code>{s.name}</code>
              <span className="muted small">••••••{s.updated_at ? ` · ${formatDate(s.updated_at)}` : ""}</span>
              <span className="row-actions">
                <IconButton label={`Replace secret ${s.name}`} icon={<Icon name="edit" />} onClick={() => setName(s.name)} />
                <IconButton label={`Delete secret ${s.name}`} icon={<Icon name="close" />} onClick={() => void remove.submit(s.name)} />
              </span>
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save.submit();
        }}
      >
        <TextField label="Key" value={name} onChange={(e) => setName(e.target.value)} placeholder="API_KEY" autoComplete="off" />
        <TextField label="Value" type="password" value={value} onChange={(e) => setValue(e.target.value)} autoComplete="new-password" />
        {(save.error || remove.error) && (
          <p className="error-text" role="alert">
            {save.error ?? remove.error}
          </p>
        )}
        <Button type="submit" variant="primary" busy={save.busy} disabled={!name.trim() || !value}>
          {secrets.some((s) => s.name === name.trim()) ? "Replace Secret" : "Add Secret"}
        </Button>
      </form>
    </div>
  );
}
