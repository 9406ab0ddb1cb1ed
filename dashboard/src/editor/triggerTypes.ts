// The TypeScript definitions of each trigger's `event` and `api`, turned into global declarations for
// Monaco's TypeScript worker. The definitions, JSDoc included (shown on hover), are bundled at build
// time from crates/actions/types, the one copy kept next to the JavaScript sandbox and checked against
// it by crates/actions/tests/typescript_definitions.rs.
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
  /** Whether definitions exist for the trigger version ("crate") or not ("none"). */
  source: "crate" | "none";
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
  const body = crateFile(`${triggerId}/${version}.d.ts`);
  const common = crateFile("common.d.ts") ?? "";
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
  return { source: "crate", content, handlers };
}
