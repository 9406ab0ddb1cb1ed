// Real-time action logs: console output and executions as they happen, from the server's SSE stream.
import { useEffect, useRef, useState } from "react";
import * as api from "../../api/client";
import type { LiveLogEvent } from "../../api/types";
import { Badge, Button, PageHeader } from "../../components/ui";

const MAX_LINES = 2000;

interface Line {
  id: number;
  received: Date;
  event: LiveLogEvent;
}

function statusTone(status: api.StreamStatus) {
  return status === "connected" ? "success" : status === "connecting" ? "info" : "danger";
}

export default function LiveLogs() {
  const [lines, setLines] = useState<Line[]>([]);
  const [status, setStatus] = useState<api.StreamStatus>("connecting");
  const [problem, setProblem] = useState<string | null>(null);
  const [paused, setPaused] = useState(false);
  const [search, setSearch] = useState("");
  const [localTime, setLocalTime] = useState(true);
  const [follow, setFollow] = useState(true);
  const counter = useRef(0);
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (paused) {
      setStatus("disconnected");
      return;
    }
    const controller = new AbortController();
    let retry = 0;
    let timer = 0;
    const connect = () => {
      void api
        .streamActionLogs(
          (event) => {
            retry = 0;
            setLines((list) => [...list.slice(-(MAX_LINES - 1)), { id: counter.current++, received: new Date(), event }]);
          },
          (next, error) => {
            setStatus(next);
            if (next === "connected") setProblem(null);
            if (error) setProblem(error);
          },
          controller.signal,
        )
        .then(() => {
          if (controller.signal.aborted) return;
          // Reconnect with a growing pause, up to 30 seconds.
          retry += 1;
          timer = window.setTimeout(connect, Math.min(30000, 1000 * 2 ** Math.min(retry, 5)));
        });
    };
    connect();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [paused]);

  useEffect(() => {
    if (follow) bottom.current?.scrollIntoView({ block: "end" });
  }, [lines, follow]);

  const needle = search.trim().toLowerCase();
  const shown = needle ? lines.filter((l) => JSON.stringify(l.event).toLowerCase().includes(needle)) : lines;

  const download = () => {
    const blob = new Blob([JSON.stringify(lines.map((l) => ({ received: l.received.toISOString(), ...l.event })), null, 2)], {
      type: "application/json",
    });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = `action-logs-${new Date().toISOString()}.json`;
    a.click();
    URL.revokeObjectURL(url);
  };

  const time = (line: Line) => {
    const raw = typeof line.event.timestamp === "string" ? new Date(line.event.timestamp) : line.received;
    return localTime ? raw.toLocaleTimeString() : raw.toISOString();
  };

  return (
    <>
      <PageHeader
        title="Actions Real-time Logs"
        subtitle="Console output of actions and their executions, as they happen."
        actions={
          <Badge tone={statusTone(status)}>
            <span data-testid="stream-status">{status.toUpperCase()}</span>
          </Badge>
        }
      />
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      <div className="live-toolbar">
        <label htmlFor="live-search" className="visually-hidden">
          Search logs
        </label>
        <input id="live-search" type="search" placeholder="Search" value={search} onChange={(e) => setSearch(e.target.value)} />
        <Button onClick={() => setPaused((p) => !p)}>{paused ? "Resume" : "Pause"}</Button>
        <Button onClick={() => setLines([])}>Clear</Button>
        <Button onClick={download} disabled={lines.length === 0}>
          Download JSON
        </Button>
        <label className="checkbox">
          <input type="checkbox" checked={localTime} onChange={(e) => setLocalTime(e.target.checked)} /> Local time
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Scroll to bottom
        </label>
      </div>
      <div className="live-log" role="log" aria-label="Live action logs" aria-live="off" data-testid="live-log">
        {shown.length === 0 ? (
          <p className="muted">{status === "connected" ? "Waiting for actions to run…" : "No log lines."}</p>
        ) : (
          shown.map((line) => (
            <div key={line.id} className={`live-line live-${line.event.type}${line.event.level === "error" ? " live-error" : ""}`}>
              <span className="live-time">{time(line)}</span>
              <span className="live-source">{line.event.action_name ?? line.event.type}</span>
              <span className="live-message">
                {line.event.message ?? JSON.stringify(line.event)}
                {line.event.execution_id && <span className="muted small"> · execution {line.event.execution_id}</span>}
              </span>
            </div>
          ))
        )}
        <div ref={bottom} />
      </div>
    </>
  );
}
