// npm dependencies of the draft (name@version) and the state of its build.
import { useState } from "react";
import * as api from "../../../api/client";
import type { Action } from "../../../api/types";
import { useConfirm, useToast } from "../../../components/overlays";
import { Badge, Button, IconButton, TextField } from "../../../components/ui";
import { useSubmit } from "../../../hooks";
import { Icon } from "../../../components/icons";

const PACKAGE = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

function BuildStatus({ action }: { action: Action }) {
  const tone = action.status === "built" ? "success" : action.status === "failed" ? "danger" : "info";
  const label =
    action.status === "built" ? "Built" : action.status === "failed" ? "Build failed" : action.status === "packaged" ? "Packaged" : "Building…";
  return (
    <div className="build-status" data-testid="build-status">
      <span>Build: </span>
      <Badge tone={tone}>{label}</Badge>
      {action.errors && action.errors.length > 0 && (
        <ul className="error-list" role="alert">
          {action.errors.map((e, i) => (
            <li key={e.id ?? i}>{e.msg}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export default function DependenciesPanel({ action, onSaved }: { action: Action; onSaved: (a: Action) => void }) {
  const confirm = useConfirm();
  const toast = useToast();
  const [name, setName] = useState("");
  const [version, setVersion] = useState("");
  const deps = action.dependencies ?? [];
  const add = useSubmit(async () => {
    const pkg = name.trim();
    if (!PACKAGE.test(pkg)) throw new Error("Not a valid npm package name.");
    const next = [...deps.filter((d) => d.name !== pkg), { name: pkg, version: version.trim() || "latest" }];
    onSaved(await api.actions.update(action.id, { dependencies: next }));
    setName("");
    setVersion("");
    toast(`${pkg} added`);
  });
  const remove = useSubmit(async (pkg: string) => {
    const ok = await confirm({
      title: "Remove dependency?",
      message: `require("${pkg}") will fail once the action is deployed again.`,
      confirmLabel: "Remove",
      danger: true,
    });
    if (!ok) return;
    onSaved(await api.actions.update(action.id, { dependencies: deps.filter((d) => d.name !== pkg) }));
    toast(`${pkg} removed`);
  });
  return (
    <div className="panel-body" data-testid="dependencies-panel">
      <BuildStatus action={action} />
      <p className="muted small">
        Load modules with <code>require("name")</code>. A blank version means the latest, pinned when the draft is built.
      </p>
      {deps.length === 0 ? (
        <p className="muted">No dependencies.</p>
      ) : (
        <ul className="kv-list" aria-label="Dependencies">
          {deps.map((d) => (
            <li key={d.name}>
              <code>
                {d.name}@{d.version}
              </code>
              <IconButton label={`Remove dependency ${d.name}`} icon={<Icon name="close" />} onClick={() => void remove.submit(d.name)} />
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void add.submit();
        }}
      >
        <TextField label="Module name" value={name} onChange={(e) => setName(e.target.value)} placeholder="lodash" autoComplete="off" />
        <TextField label="Version" value={version} onChange={(e) => setVersion(e.target.value)} placeholder="latest" autoComplete="off" />
        {(add.error || remove.error) && (
          <p className="error-text" role="alert">
            {add.error ?? remove.error}
          </p>
        )}
        <Button type="submit" variant="primary" busy={add.busy} disabled={!name.trim()}>
          Add Dependency
        </Button>
      </form>
    </div>
  );
}
