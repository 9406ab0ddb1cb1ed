// The action editor: Monaco with the trigger's types, Save Draft / Deploy, and the side panels.
import { useCallback, useEffect, useRef, useState } from "react";
import * as api from "../../api/client";
import type { Action } from "../../api/types";
import { useConfirm, useToast } from "../../components/overlays";
import { Badge, Banner, Button, ErrorBanner, IconButton, Loading, PageHeader } from "../../components/ui";
import { CodeEditor, loadMonaco } from "../../editor/lazy";
import type { TriggerLib } from "../../editor/triggerTypes";
import { useAsync, useSubmit } from "../../hooks";
import { navigate, setNavigationGuard } from "../../router";
import DependenciesPanel from "./panels/DependenciesPanel";
import SecretsPanel from "./panels/SecretsPanel";
import TestPanel from "./panels/TestPanel";
import VersionsPanel from "./panels/VersionsPanel";
import { ActionStatusBadges } from "./status";
import { triggerInfo } from "./triggers";
import { Icon, type IconName } from "../../components/icons";

type Panel = "test" | "secrets" | "dependencies" | "versions";

const PANELS: { id: Panel; label: string; icon: IconName }[] = [
  { id: "test", label: "Test", icon: "play" },
  { id: "secrets", label: "Secrets", icon: "key" },
  { id: "dependencies", label: "Dependencies", icon: "package" },
  { id: "versions", label: "Version History", icon: "history" },
];

const BUILDING = new Set(["pending", "building", "packaged", "retrying"]);
const sleep = (ms: number) => new Promise((resolve) => window.setTimeout(resolve, ms));

/** Build is asynchronous: wait for "built" before deploying (as Auth0's own tools do). */
async function waitUntilBuilt(id: string): Promise<Action> {
  for (let attempt = 0; ; attempt++) {
    const action = await api.actions.get(id);
    if (action.status === "failed") {
      const details = action.errors?.map((e) => e.msg).join("; ");
      throw new Error(`The build failed${details ? `: ${details}` : ""}. See Dependencies.`);
    }
    if (!BUILDING.has(action.status) || attempt >= 60) return action;
    await sleep(1000);
  }
}

async function deployWhenBuilt(id: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await api.actions.deploy(id);
    } catch (error) {
      const notBuilt = error instanceof api.ApiError && /built/i.test(error.message);
      if (!notBuilt || attempt >= 10) throw error;
      await sleep(1000);
    }
  }
}

function Editor({ initial }: { initial: Action }) {
  const confirm = useConfirm();
  const toast = useToast();
  const [action, setAction] = useState(initial);
  const [code, setCode] = useState(initial.code);
  const [savedCode, setSavedCode] = useState(initial.code);
  const [panel, setPanel] = useState<Panel | null>(null);
  const [lib, setLib] = useState<TriggerLib | null>(null);
  const [phase, setPhase] = useState<string | null>(null);
  const dirty = code !== savedCode;
  const codeRef = useRef(code);
  codeRef.current = code;
  const editorRef = useRef<{ getAction(id: string): { run(): Promise<void> } | null } | null>(null);

  const trigger = triggerInfo(action.supported_triggers[0]?.id ?? "post-login", action.supported_triggers[0]?.version);

  useEffect(() => {
    let live = true;
    void loadMonaco().then((m) => {
      if (live) setLib(m.loadTriggerTypes(trigger.id, trigger.version));
    });
    return () => {
      live = false;
    };
  }, [trigger.id, trigger.version]);

  // The build runs in the background after a save: follow it so the badges stay true.
  useEffect(() => {
    if (!BUILDING.has(action.status)) return;
    const timer = window.setTimeout(() => {
      api.actions.get(action.id).then(setAction, () => undefined);
    }, 1500);
    return () => window.clearTimeout(timer);
  }, [action.id, action.status, action.updated_at]);

  // Warn before losing unsaved code: closing the tab, or navigating inside the dashboard.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    setNavigationGuard(() => window.confirm("You have unsaved changes in this action. Leave without saving?"));
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      setNavigationGuard(null);
    };
  }, [dirty]);

  const persist = useCallback(async () => {
    const snapshot = codeRef.current;
    const saved = await api.actions.update(action.id, { code: snapshot });
    setAction(saved);
    setSavedCode(snapshot);
    return saved;
  }, [action.id]);

  const save = useSubmit(async () => {
    await persist();
    toast("Draft saved");
  });

  const deploy = useSubmit(async () => {
    try {
      if (codeRef.current !== savedCode) {
        setPhase("Saving…");
        await persist();
      }
      setPhase("Building…");
      await waitUntilBuilt(action.id);
      setPhase("Deploying…");
      const version = await deployWhenBuilt(action.id);
      setAction(await api.actions.get(action.id));
      toast(`Version ${version.number} deployed`);
    } finally {
      setPhase(null);
    }
  });

  const remove = useSubmit(async () => {
    const ok = await confirm({
      title: "Delete action?",
      message: `${action.name} is deleted with all its versions, and removed from any flow it is in.`,
      confirmLabel: "Delete",
      danger: true,
      typeToConfirm: action.name,
    });
    if (!ok) return;
    await api.actions.remove(action.id, true);
    setNavigationGuard(null);
    setSavedCode(codeRef.current);
    toast("Action deleted");
    navigate("/actions");
  });

  /** For the Test panel: the server runs the saved draft, so save first. */
  const ensureSaved = useCallback(async () => {
    if (codeRef.current === savedCode) return true;
    await persist();
    return true;
  }, [persist, savedCode]);

  const restored = (a: Action) => {
    setAction(a);
    setCode(a.code);
    setSavedCode(a.code);
  };

  const error = save.error ?? deploy.error ?? remove.error;
  return (
    <div className="action-editor">
      <PageHeader
        back={{ to: "/actions", label: "Actions Library" }}
        title={action.name}
        subtitle={
          <span className="badges">
            <Badge tone="info">{trigger.label}</Badge> <span className="muted small">{action.runtime}</span>{" "}
            <ActionStatusBadges action={action} />{" "}
            {dirty ? (
              <Badge tone="warning">Unsaved changes</Badge>
            ) : (
              <span className="muted small" data-testid="draft-state">
                Draft saved
              </span>
            )}
          </span>
        }
        actions={
          <>
            <Button variant="ghost" busy={remove.busy} onClick={() => void remove.submit()}>
              Delete
            </Button>
            <Button busy={save.busy} disabled={!dirty || deploy.busy} onClick={() => void save.submit()}>
              Save Draft
            </Button>
            <Button variant="primary" busy={deploy.busy} disabled={save.busy} onClick={() => void deploy.submit()}>
              {phase ?? "Deploy"}
            </Button>
          </>
        }
      />
      {error && (
        <p className="error-text" role="alert" data-testid="editor-error">
          {error}
        </p>
      )}
      {lib?.source === "none" && (
        <Banner tone="warning">No type definitions are available for {trigger.id}: completion and checks are limited.</Banner>
      )}
      <div className={`editor-layout${panel ? " with-panel" : ""}`}>
        <div className="panel-rail" role="toolbar" aria-label="Editor panels" aria-orientation="vertical">
          {PANELS.map((p) => (
            <IconButton
              key={p.id}
              label={p.label}
              icon={<Icon name={p.icon} size={18} />}
              aria-pressed={panel === p.id}
              className={panel === p.id ? "active" : ""}
              onClick={() => setPanel((current) => (current === p.id ? null : p.id))}
            />
          ))}
          <span className="rail-separator" aria-hidden="true" />
          <IconButton
            label="Format code"
            icon={<Icon name="format" size={18} />}
            onClick={() => void editorRef.current?.getAction("editor.action.formatDocument")?.run()}
          />
        </div>
        <div className="editor-main">
          {lib ? (
            <CodeEditor
              value={code}
              onChange={setCode}
              language="javascript"
              path={`file:///portcullis/actions/${action.id}/${trigger.id}.ts`}
              height="100%"
              ariaLabel={`Code of action ${action.name}`}
              testId="action-code-editor"
              onSave={() => void save.submit()}
              onEditor={(editor) => {
                editorRef.current = editor;
              }}
            />
          ) : (
            <Loading label="Loading editor…" />
          )}
        </div>
        {panel && (
          <aside className="side-panel" aria-labelledby="side-panel-title">
            <div className="side-panel-head">
              <h2 id="side-panel-title">{PANELS.find((p) => p.id === panel)?.label}</h2>
              <IconButton label="Close panel" icon={<Icon name="close" />} onClick={() => setPanel(null)} />
            </div>
            {panel === "test" && <TestPanel actionId={action.id} triggerId={trigger.id} ensureSaved={ensureSaved} />}
            {panel === "secrets" && <SecretsPanel action={action} onSaved={setAction} />}
            {panel === "dependencies" && <DependenciesPanel action={action} onSaved={setAction} />}
            {panel === "versions" && <VersionsPanel action={action} draftCode={code} onRestored={restored} />}
          </aside>
        )}
      </div>
    </div>
  );
}

export default function ActionEditor({ params }: { params: Record<string, string> }) {
  const { data, error, loading, reload } = useAsync(() => api.actions.get(params.id), [params.id]);
  if (loading && !data) return <Loading />;
  if (!data) return <ErrorBanner error={error ?? "Action not found"} onRetry={reload} />;
  return <Editor key={data.id} initial={data} />;
}
