// The TypeScript definitions of each trigger's `event` and `api`, turned into global declarations for
// Monaco's TypeScript worker. The definitions are read at build time from crates/actions/types (written
// alongside the JavaScript sandbox); a fallback for post-login ships with the dashboard.
import fallbackPostLogin from "./types/post-login.d.ts?raw";
import nodeGlobals from "./types/node-globals.d.ts?raw";

const crateFiles = import.meta.glob<string>("../../../crates/actions/types/**/*.d.ts", {
  query: "?raw",
  import: "default",
  eager: true,
});

function crateFile(relative: string): string | undefined {
  const key = Object.keys(crateFiles).find((path) => path.endsWith(`/crates/actions/types/${relative}`));
  return key ? crateFiles[key] : undefined;
}

export interface TriggerLib {
  /** Where the definitions came from. */
  source: "crate" | "fallback" | "none";
  /** Global declarations: `Event`, `API`, `<Trigger>API` and a typed `exports`. */
  content: string;
  /** Handler names the trigger calls, e.g. onExecutePostLogin. */
  handlers: string[];
}

function pascal(triggerId: string): string {
  return triggerId
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** Handler names from `export type OnExecuteX = ...` declarations. */
function handlersOf(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/export\s+type\s+(On(?:Execute|Continue)\w+)\s*=/g)) {
    names.add(`o${match[1].slice(1)}`);
  }
  return [...names];
}

function withoutImports(source: string): string {
  return source.replace(/^\s*import\s+type[\s\S]*?from\s+["'][^"']+["'];?\s*$/gm, "");
}

/** Declarations for one trigger version, e.g. ("post-login", "v3"). */
export function triggerLib(triggerId: string, version: string): TriggerLib {
  let source: TriggerLib["source"] = "crate";
  let body = crateFile(`${triggerId}/${version}.d.ts`);
  let common = crateFile("common.d.ts") ?? "";
  if (!body && triggerId === "post-login") {
    body = fallbackPostLogin;
    common = "";
    source = "fallback";
  }
  if (!body) {
    return {
      source: "none",
      content: `${nodeGlobals}\ndeclare var exports: Record<string, (event: any, api: any) => unknown>;\n`,
      handlers: [],
    };
  }
  // Shown in hovers, e.g. "PostLoginV3.Event.user".
  const namespace = `${pascal(triggerId)}${version.toUpperCase()}`;
  const handlers = handlersOf(body);
  const handlerFields = handlers
    .map((handler) => `  ${handler}?: (event: ${namespace}.Event, api: ${namespace}.API) => Promise<void> | void;`)
    .join("\n");
  const content = [
    `declare namespace ${namespace} {`,
    withoutImports(common),
    withoutImports(body),
    `}`,
    `/** The event passed to the ${triggerId} handler. */`,
    `type Event = ${namespace}.Event;`,
    `/** The api passed to the ${triggerId} handler: its methods record commands applied after the flow. */`,
    `type API = ${namespace}.API;`,
    `type ${pascal(triggerId)}API = ${namespace}.API;`,
    `declare var exports: {`,
    handlerFields,
    `};`,
    nodeGlobals,
  ].join("\n");
  return { source, content, handlers };
}
