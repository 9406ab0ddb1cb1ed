// Create an action from scratch (name, trigger, runtime) or from the template gallery.
import { useEffect, useState } from "react";
import * as api from "../../api/client";
import { Button, Card, PageHeader, SelectField, TabPanel, Tabs, TextField } from "../../components/ui";
import { useAsync, useSubmit } from "../../hooks";
import { navigate, useQuery } from "../../router";
import { TEMPLATES, findTemplate, type ActionTemplate } from "./templates";
import { defaultCode, mergeTriggers, triggerInfo } from "./triggers";

type Mode = "scratch" | "template";

const RUNTIMES = [{ value: "node22", label: "Node 22 (Recommended)" }];

function useCreate() {
  return useSubmit(async (input: { name: string; triggerId: string; version: string; runtime: string; code: string }) => {
    const action = await api.actions.create({
      name: input.name.trim(),
      supported_triggers: [{ id: input.triggerId, version: input.version }],
      code: input.code,
      runtime: input.runtime,
      dependencies: [],
      secrets: [],
    });
    navigate(`/actions/${encodeURIComponent(action.id)}`);
  });
}

function FromScratch() {
  const query = useQuery();
  const { data: serverTriggers } = useAsync(() => api.actions.triggers().catch(() => []), []);
  const triggers = mergeTriggers(serverTriggers);
  const [name, setName] = useState("");
  const [triggerId, setTriggerId] = useState(query.get("trigger") ?? "post-login");
  const [runtime, setRuntime] = useState("node22");
  const { submit, busy, error } = useCreate();
  const trigger = triggers.find((t) => t.id === triggerId) ?? triggerInfo(triggerId);
  return (
    <Card title="Build from scratch">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit({ name, triggerId, version: trigger.version, runtime, code: defaultCode(trigger) });
        }}
      >
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
        <SelectField
          label="Trigger"
          value={triggerId}
          onChange={(e) => setTriggerId(e.target.value)}
          options={triggers.map((t) => ({ value: t.id, label: t.label }))}
          hint={trigger.description}
        />
        <SelectField label="Runtime" value={runtime} onChange={(e) => setRuntime(e.target.value)} options={RUNTIMES} />
        <div className="form-footer">
          {error && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
          <Button type="submit" variant="primary" busy={busy} disabled={!name.trim()}>
            Create
          </Button>
        </div>
      </form>
    </Card>
  );
}

function TemplatePreview({ template, onBack }: { template: ActionTemplate; onBack: () => void }) {
  const [name, setName] = useState(template.name);
  const { submit, busy, error } = useCreate();
  return (
    <Card title={template.name} description={template.summary}>
      <p className="muted small">
        Trigger: {triggerInfo(template.trigger.id).label}
        {template.secrets?.length ? ` · Secrets to add: ${template.secrets.join(", ")}` : ""}
      </p>
      <pre className="code-preview" aria-label="Template code">
        <code>{template.code}</code>
      </pre>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit({
            name,
            triggerId: template.trigger.id,
            version: template.trigger.version,
            runtime: "node22",
            code: template.code,
          });
        }}
      >
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required />
        <div className="form-footer">
          {error && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
          <Button onClick={onBack}>Back to templates</Button>
          <Button type="submit" variant="primary" busy={busy} disabled={!name.trim()}>
            Use this template
          </Button>
        </div>
      </form>
    </Card>
  );
}

function Gallery({ initial }: { initial?: ActionTemplate }) {
  const [selected, setSelected] = useState<ActionTemplate | undefined>(initial);
  useEffect(() => setSelected(initial), [initial]);
  if (selected) return <TemplatePreview template={selected} onBack={() => setSelected(undefined)} />;
  return (
    <ul className="template-grid" aria-label="Templates">
      {TEMPLATES.map((t) => (
        <li key={t.id}>
          <button type="button" className="template-card" onClick={() => setSelected(t)} data-testid={`template-${t.id}`}>
            <span className="template-title">{t.name}</span>
            <span className="muted">{t.summary}</span>
            <span className="badge badge-neutral">{triggerInfo(t.trigger.id).label}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

export default function CreateAction() {
  const query = useQuery();
  const template = findTemplate(query.get("template"));
  const [mode, setMode] = useState<Mode>(template || query.get("from") === "template" ? "template" : "scratch");
  return (
    <>
      <PageHeader back={{ to: "/actions", label: "Actions Library" }} title="Create Action" />
      <Tabs
        label="How to start"
        value={mode}
        onChange={setMode}
        tabs={[
          { id: "scratch", label: "Build from scratch" },
          { id: "template", label: "Choose from template" },
        ]}
      />
      <TabPanel id={mode}>{mode === "scratch" ? <FromScratch /> : <Gallery initial={template} />}</TabPanel>
    </>
  );
}
