// One trigger's flow: Start -> ordered actions -> Complete. Deployed actions are dragged in from the
// side panel (or added with a button), reordered and removed by drag and drop or the keyboard, and
// Apply writes the bindings.
import { useEffect, useMemo, useState, type DragEvent, type KeyboardEvent } from "react";
import * as api from "../../api/client";
import type { Action, Binding } from "../../api/types";
import { useToast } from "../../components/overlays";
import { Badge, Banner, Button, EmptyState, ErrorBanner, IconButton, Loading, PageHeader } from "../../components/ui";
import { useAsync, useSubmit } from "../../hooks";
import { Link, setNavigationGuard } from "../../router";
import { triggerInfo } from "../actions/triggers";
import { Icon } from "../../components/icons";

interface Item {
  key: string;
  action: Action;
  displayName: string;
}

type Drag = { from: "panel"; actionId: string } | { from: "flow"; index: number };
const MIME = "application/x-portcullis-flow";

let nextKey = 0;
const toItem = (action: Action, displayName?: string): Item => ({ key: `item-${nextKey++}`, action, displayName: displayName ?? action.name });

function readDrag(event: DragEvent): Drag | null {
  const raw = event.dataTransfer.getData(MIME) || event.dataTransfer.getData("text/plain");
  try {
    const parsed = JSON.parse(raw) as Drag;
    return parsed && (parsed.from === "panel" || parsed.from === "flow") ? parsed : null;
  } catch {
    return null;
  }
}

function startDrag(event: DragEvent, drag: Drag) {
  const text = JSON.stringify(drag);
  event.dataTransfer.setData(MIME, text);
  event.dataTransfer.setData("text/plain", text);
  event.dataTransfer.effectAllowed = drag.from === "panel" ? "copy" : "move";
}

function FlowBoard({ triggerId, bindings, available }: { triggerId: string; bindings: Binding[]; available: Action[] }) {
  const toast = useToast();
  const [applied, setApplied] = useState<Item[]>(() => bindings.map((b) => toItem(b.action, b.display_name)));
  const [items, setItems] = useState<Item[]>(applied);
  const [dropIndex, setDropIndex] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [filter, setFilter] = useState("");
  const ids = (list: Item[]) => list.map((i) => i.action.id).join(",");
  const dirty = ids(items) !== ids(applied);

  useEffect(() => {
    if (!dirty) return;
    setNavigationGuard(() => window.confirm("The flow has changes that are not applied. Leave anyway?"));
    return () => setNavigationGuard(null);
  }, [dirty]);

  const announce = (text: string) => setAnnouncement(text);
  const focusItem = (index: number) => window.setTimeout(() => document.getElementById(`flow-item-${index}`)?.focus(), 0);

  const insert = (action: Action, index: number) => {
    if (items.some((i) => i.action.id === action.id)) {
      announce(`${action.name} is already in the flow`);
      return;
    }
    setItems((list) => [...list.slice(0, index), toItem(action), ...list.slice(index)]);
    announce(`${action.name} added at position ${index + 1}`);
  };
  const move = (from: number, to: number) => {
    if (to < 0 || to >= items.length || from === to) return;
    setItems((list) => {
      const next = [...list];
      const [moved] = next.splice(from, 1);
      next.splice(to, 0, moved);
      return next;
    });
    announce(`${items[from].displayName} moved to position ${to + 1}`);
    focusItem(to);
  };
  const remove = (index: number) => {
    announce(`${items[index].displayName} removed from the flow`);
    setItems((list) => list.filter((_, i) => i !== index));
    focusItem(Math.max(0, index - 1));
  };

  const onDrop = (event: DragEvent, index: number) => {
    event.preventDefault();
    event.stopPropagation();
    setDropIndex(null);
    const drag = readDrag(event);
    if (!drag) return;
    if (drag.from === "panel") {
      const action = available.find((a) => a.id === drag.actionId);
      if (action) insert(action, index);
    } else {
      move(drag.index, drag.index < index ? index - 1 : index);
    }
  };
  const allowDrop = (event: DragEvent, index: number) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = event.dataTransfer.effectAllowed === "copy" ? "copy" : "move";
    if (dropIndex !== index) setDropIndex(index);
  };

  const onItemKey = (event: KeyboardEvent, index: number) => {
    const reorder = event.altKey || event.shiftKey;
    if (event.key === "ArrowUp") {
      event.preventDefault();
      if (reorder) move(index, index - 1);
      else focusItem(Math.max(0, index - 1));
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      if (reorder) move(index, index + 1);
      else focusItem(Math.min(items.length - 1, index + 1));
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      remove(index);
    }
  };

  const apply = useSubmit(async () => {
    const result = await api.actions.updateBindings(
      triggerId,
      items.map((i) => ({ actionId: i.action.id, displayName: i.displayName })),
    );
    if (result.length > 0 && result.map((b) => b.action?.id).join(",") !== ids(items)) {
      throw new Error("The server applied a different flow; reload the page to see it.");
    }
    setApplied(items);
    toast("Flow applied");
  });

  const stale = items.filter((i) => !i.action.all_changes_deployed && i.action.deployed_version);
  const shown = available.filter((a) => a.name.toLowerCase().includes(filter.trim().toLowerCase()));

  const gap = (index: number) => (
    <li
      key={`gap-${index}`}
      className={`flow-gap${dropIndex === index ? " over" : ""}`}
      aria-hidden="true"
      data-testid={`flow-gap-${index}`}
      onDragOver={(e) => allowDrop(e, index)}
      onDragLeave={() => setDropIndex(null)}
      onDrop={(e) => onDrop(e, index)}
    />
  );

  return (
    <>
      <div className="flow-toolbar">
        <span className="muted">{dirty ? "Changes not applied yet." : "The flow is live."}</span>
        {apply.error && (
          <span className="error-text" role="alert">
            {apply.error}
          </span>
        )}
        <Button onClick={() => setItems(applied)} disabled={!dirty}>
          Discard
        </Button>
        <Button variant="primary" busy={apply.busy} disabled={!dirty} onClick={() => void apply.submit()}>
          Apply
        </Button>
      </div>
      {stale.length > 0 && (
        <Banner tone="warning">
          {stale.map((i) => i.displayName).join(", ")} {stale.length === 1 ? "has" : "have"} changes that are not deployed: the flow runs
          the deployed version.
        </Banner>
      )}
      <div className="flow-layout">
        <section className="flow-board" aria-label="Flow">
          <div className="flow-node flow-terminal">Start</div>
          <ol
            className="flow-list"
            aria-label="Actions in the flow, in order"
            data-testid="flow-dropzone"
            onDragOver={(e) => allowDrop(e, dropIndex ?? items.length)}
            onDrop={(e) => onDrop(e, dropIndex ?? items.length)}
          >
            {gap(0)}
            {items.length === 0 && (
              <li className="flow-empty">Drag an action here from the panel, or use its Add button.</li>
            )}
            {items.flatMap((item, index) => [
              <li
                key={item.key}
                id={`flow-item-${index}`}
                className="flow-node flow-action"
                tabIndex={0}
                draggable
                data-testid="flow-item"
                aria-label={`${item.displayName}, position ${index + 1} of ${items.length}. Alt+Arrow keys move, Delete removes.`}
                onDragStart={(e) => startDrag(e, { from: "flow", index })}
                onDragOver={(e) => {
                  const rect = e.currentTarget.getBoundingClientRect();
                  allowDrop(e, e.clientY < rect.top + rect.height / 2 ? index : index + 1);
                }}
                onDrop={(e) => onDrop(e, dropIndex ?? index)}
                onKeyDown={(e) => onItemKey(e, index)}
              >
                <span className="drag-handle" aria-hidden="true">
                  ⋮⋮
                </span>
                <span className="flow-action-name">
                  <Link to={`/actions/${encodeURIComponent(item.action.id)}`} draggable={false}>
                    {item.displayName}
                  </Link>
                  {item.action.deployed_version ? (
                    <span className="muted small"> v{item.action.deployed_version.number}</span>
                  ) : (
                    <Badge tone="danger">Not deployed</Badge>
                  )}
                  {!item.action.all_changes_deployed && item.action.deployed_version && <Badge tone="warning">Undeployed changes</Badge>}
                </span>
                <span className="row-actions">
                  <IconButton label={`Move ${item.displayName} up`} icon={<Icon name="up" />} disabled={index === 0} onClick={() => move(index, index - 1)} />
                  <IconButton
                    label={`Move ${item.displayName} down`}
                    icon={<Icon name="down" />}
                    disabled={index === items.length - 1}
                    onClick={() => move(index, index + 1)}
                  />
                  <IconButton label={`Remove ${item.displayName} from flow`} icon={<Icon name="close" />} onClick={() => remove(index)} />
                </span>
              </li>,
              gap(index + 1),
            ])}
          </ol>
          <div className="flow-node flow-terminal">Complete</div>
        </section>
        <aside className="flow-panel" aria-labelledby="flow-panel-title">
          <h2 id="flow-panel-title">Add Action</h2>
          <p className="muted small">Deployed custom actions for this trigger.</p>
          <label htmlFor="flow-filter" className="visually-hidden">
            Search actions
          </label>
          <input id="flow-filter" type="search" placeholder="Search" value={filter} onChange={(e) => setFilter(e.target.value)} />
          {available.length === 0 ? (
            <EmptyState title="No deployed actions">
              <Link to={`/actions/new?trigger=${triggerId}`}>Create an action</Link> for this trigger and deploy it.
            </EmptyState>
          ) : (
            <ul className="flow-available" aria-label="Available actions">
              {shown.map((a) => {
                const inFlow = items.some((i) => i.action.id === a.id);
                return (
                  <li
                    key={a.id}
                    className={`available-action${inFlow ? " in-flow" : ""}`}
                    draggable={!inFlow}
                    data-testid={`available-action-${a.name}`}
                    onDragStart={(e) => startDrag(e, { from: "panel", actionId: a.id })}
                  >
                    <span className="drag-handle" aria-hidden="true">
                      ⋮⋮
                    </span>
                    <span className="flow-action-name">
                      {a.name}
                      {!a.all_changes_deployed && <Badge tone="warning">Undeployed changes</Badge>}
                    </span>
                    <Button variant="ghost" disabled={inFlow} aria-label={`Add ${a.name} to flow`} onClick={() => insert(a, items.length)}>
                      {inFlow ? "In flow" : "Add"}
                    </Button>
                  </li>
                );
              })}
            </ul>
          )}
        </aside>
      </div>
      <div className="visually-hidden" aria-live="assertive">
        {announcement}
      </div>
    </>
  );
}

export default function FlowEditor({ params }: { params: Record<string, string> }) {
  const trigger = triggerInfo(params.trigger);
  const { data, error, loading, reload } = useAsync(
    () => Promise.all([api.actions.bindings(trigger.id), api.actions.list({ triggerId: trigger.id, perPage: 100 })]),
    [trigger.id],
  );
  const [bindings, page] = data ?? [[], undefined];
  const available = (page?.actions ?? []).filter(
    (a) => a.deployed_version && a.supported_triggers.some((t) => t.id === trigger.id),
  );
  // Bound actions come embedded in the bindings; prefer the library's fresher copy when it has one.
  const fresh = useMemo(
    () =>
      bindings
        .filter((b) => b.action) // a binding whose action is gone has nothing to show
        .map((b) => ({ ...b, action: page?.actions.find((a) => a.id === b.action.id) ?? b.action })),
    [bindings, page],
  );
  return (
    <>
      <PageHeader back={{ to: "/flows", label: "Triggers" }} title={trigger.label} subtitle={trigger.description} />
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? <Loading /> : data && <FlowBoard triggerId={trigger.id} bindings={fresh} available={available} />}
    </>
  );
}
