// Runs the saved draft against an editable sample event and shows what it asked for.
import { useState } from "react";
import * as api from "../../../api/client";
import type { TestCommand, TestResult } from "../../../api/types";
import { Button } from "../../../components/ui";
import { CodeEditor } from "../../../editor/lazy";
import { useSubmit } from "../../../hooks";
import { sampleEvent } from "../triggers";

function storageKey(actionId: string) {
  return `portcullis.dashboard.test-event.${actionId}`;
}

function commandName(command: TestCommand): string {
  const c = command as Record<string, unknown>;
  return String(c.api ?? c.name ?? c.type ?? "command");
}

function commandArgs(command: TestCommand): string {
  if (Array.isArray(command.args)) return command.args.map((arg) => JSON.stringify(arg)).join(", ");
  const rest = { ...(command as Record<string, unknown>) };
  delete rest.api;
  delete rest.name;
  const text = JSON.stringify(rest);
  return text === "{}" ? "" : text;
}

function logLines(logs: TestResult["payload"]["logs"]): string[] {
  if (!logs) return [];
  if (typeof logs === "string") return logs.split("\n").filter((l) => l.length > 0);
  return logs.map((entry) => (typeof entry === "string" ? entry : JSON.stringify(entry)));
}

function errorText(error: TestResult["payload"]["error"]): string | null {
  if (!error) return null;
  if (typeof error === "string") return error;
  const head = [error.code ?? error.name, error.message].filter(Boolean).join(": ");
  return head + (error.stack ? `\n${error.stack}` : "");
}

function durationOf(stats: Record<string, unknown> | undefined, measured: number): string {
  const keys = ["total_ms", "total_duration_ms", "duration_ms", "handler_ms"];
  for (const key of keys) {
    const value = stats?.[key];
    if (typeof value === "number") return `${Math.round(value)} ms`;
  }
  return `${Math.round(measured)} ms (round trip)`;
}

export default function TestPanel({
  actionId,
  triggerId,
  ensureSaved,
}: {
  actionId: string;
  triggerId: string;
  /** Saves unsaved code first: the server tests the saved draft. */
  ensureSaved: () => Promise<boolean>;
}) {
  const [event, setEvent] = useState(() => window.localStorage.getItem(storageKey(actionId)) ?? sampleEvent(triggerId));
  const [result, setResult] = useState<{ payload: TestResult["payload"]; measured: number } | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const run = useSubmit(async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(event);
    } catch (e) {
      setParseError(`The event is not valid JSON: ${(e as Error).message}`);
      return;
    }
    setParseError(null);
    window.localStorage.setItem(storageKey(actionId), event);
    if (!(await ensureSaved())) return;
    const started = performance.now();
    setResult(null);
    const response = await api.actions.test(actionId, parsed);
    setResult({ payload: response.payload ?? {}, measured: performance.now() - started });
  });
  const commands = result?.payload.commands ?? [];
  const logs = logLines(result?.payload.logs);
  const failure = errorText(result?.payload.error);
  return (
    <div className="panel-body" data-testid="test-panel">
      <div className="panel-row">
        <h3 id="test-event-label">Event</h3>
        <Button
          variant="ghost"
          onClick={() => {
            setEvent(sampleEvent(triggerId));
            window.localStorage.removeItem(storageKey(actionId));
          }}
        >
          Reset to sample
        </Button>
      </div>
      <CodeEditor
        value={event}
        onChange={setEvent}
        language="json"
        path={`inmemory://actions/${actionId}/test-event.json`}
        height={260}
        ariaLabel="Test event JSON"
        testId="test-event-editor"
      />
      {parseError && (
        <p className="error-text" role="alert">
          {parseError}
        </p>
      )}
      <div className="panel-row">
        <Button variant="primary" busy={run.busy} onClick={() => void run.submit()}>
          Run
        </Button>
      </div>
      {run.error && (
        <p className="error-text" role="alert">
          {run.error}
        </p>
      )}
      {result && (
        <section className="test-result" aria-label="Test result" data-testid="test-result" aria-live="polite">
          <div className="panel-row">
            <strong className={failure ? "text-danger" : "text-success"}>{failure ? "Failed" : "Succeeded"}</strong>
            <span className="muted small" data-testid="test-duration">
              Duration: {durationOf(result.payload.stats, result.measured)}
            </span>
          </div>
          {failure && (
            <pre className="console console-error" data-testid="test-error" role="alert">
              {failure}
            </pre>
          )}
          <h4>Commands ({commands.length})</h4>
          {commands.length === 0 ? (
            <p className="muted" data-testid="test-commands-empty">
              No commands: the action did not change the flow.
            </p>
          ) : (
            <ol className="commands" data-testid="test-commands">
              {commands.map((command, index) => (
                <li key={index} data-testid="test-command">
                  <code className="command-name">{commandName(command)}</code>
                  <code className="muted small">({commandArgs(command)})</code>
                </li>
              ))}
            </ol>
          )}
          <h4>Console</h4>
          {logs.length === 0 ? (
            <p className="muted">No console output.</p>
          ) : (
            <pre className="console" data-testid="test-logs">
              {logs.join("\n")}
            </pre>
          )}
          {result.payload.stats && (
            <details>
              <summary>Execution statistics</summary>
              <pre className="console">{JSON.stringify(result.payload.stats, null, 2)}</pre>
            </details>
          )}
        </section>
      )}
    </div>
  );
}
