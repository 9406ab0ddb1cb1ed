// Deployed versions of an action: view one, diff it against the draft in the editor, or restore it.
import { useState } from "react";
import * as api from "../../../api/client";
import type { Action, ActionVersion } from "../../../api/types";
import { Modal, useConfirm, useToast } from "../../../components/overlays";
import { Badge, Button, EmptyState, ErrorBanner, Loading, formatDate } from "../../../components/ui";
import { CodeEditor, DiffEditor } from "../../../editor/lazy";
import { useAsync, useSubmit } from "../../../hooks";

type Viewing = { version: ActionVersion; mode: "view" | "diff" };

export default function VersionsPanel({
  action,
  draftCode,
  onRestored,
}: {
  action: Action;
  /** The code currently in the editor (saved or not): what "the draft" means to the operator. */
  draftCode: string;
  onRestored: (a: Action) => void;
}) {
  const confirm = useConfirm();
  const toast = useToast();
  const { data, error, loading, reload } = useAsync(
    () => api.actions.versions(action.id),
    [action.id, action.deployed_version?.id],
  );
  const [viewing, setViewing] = useState<Viewing | null>(null);
  const versions = [...(data?.versions ?? [])].sort((a, b) => b.number - a.number);

  const open = useSubmit(async (version: ActionVersion, mode: Viewing["mode"]) => {
    const full = version.code === undefined ? await api.actions.version(action.id, version.id) : version;
    setViewing({ version: full, mode });
  });
  const restore = useSubmit(async (version: ActionVersion) => {
    const ok = await confirm({
      title: `Restore version ${version.number}?`,
      message: (
        <>
          Version {version.number} is deployed again as a new version and its code replaces the draft.
          {draftCode !== action.code && " Your unsaved changes in the editor will be lost."}
        </>
      ),
      confirmLabel: "Restore",
    });
    if (!ok) return;
    await api.actions.deployVersion(action.id, version.id, true);
    const refreshed = await api.actions.get(action.id);
    onRestored(refreshed);
    setViewing(null);
    reload();
    toast(`Version ${version.number} restored`);
  });

  return (
    <div className="panel-body" data-testid="versions-panel">
      <ErrorBanner error={error ?? open.error ?? restore.error} onRetry={reload} />
      {loading && !data ? (
        <Loading />
      ) : versions.length === 0 ? (
        <EmptyState title="No versions yet">Each deploy creates a version you can come back to.</EmptyState>
      ) : (
        <ol className="versions" aria-label="Versions">
          {versions.map((v) => {
            const live = v.deployed || action.deployed_version?.id === v.id;
            return (
              <li key={v.id} className="version-row" data-testid={`version-${v.number}`}>
                <div>
                  <strong>Version {v.number}</strong> {live && <Badge tone="success">Deployed</Badge>}
                  {v.status === "failed" && <Badge tone="danger">Failed</Badge>}
                  <div className="muted small">{formatDate(v.created_at)}</div>
                </div>
                <div className="row-actions">
                  <Button variant="ghost" onClick={() => void open.submit(v, "view")} aria-label={`View version ${v.number}`}>
                    View
                  </Button>
                  <Button variant="ghost" onClick={() => void open.submit(v, "diff")} aria-label={`Compare version ${v.number} with draft`}>
                    Diff
                  </Button>
                  <Button
                    variant="ghost"
                    busy={restore.busy}
                    onClick={() => void restore.submit(v)}
                    aria-label={`Restore version ${v.number}`}
                  >
                    Restore
                  </Button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {viewing && (
        <Modal
          wide
          title={viewing.mode === "diff" ? `Version ${viewing.version.number} ↔ Draft` : `Version ${viewing.version.number}`}
          onClose={() => setViewing(null)}
          footer={
            <>
              <Button onClick={() => setViewing(null)}>Close</Button>
              <Button variant="primary" busy={restore.busy} onClick={() => void restore.submit(viewing.version)}>
                Restore this version
              </Button>
            </>
          }
        >
          {viewing.mode === "diff" ? (
            <>
              <p className="muted small">Left: version {viewing.version.number}. Right: the draft in the editor.</p>
              <DiffEditor original={viewing.version.code ?? ""} modified={draftCode} ariaLabel="Version diff" height="60vh" />
            </>
          ) : (
            <CodeEditor
              value={viewing.version.code ?? ""}
              language="view"
              readOnly
              path={`inmemory://actions/${action.id}/versions/${viewing.version.id}.js`}
              ariaLabel={`Code of version ${viewing.version.number}`}
              height="60vh"
            />
          )}
        </Modal>
      )}
    </div>
  );
}
