// Monaco is large: pages load it on demand through these wrappers.
import { lazy, Suspense, type ComponentProps } from "react";
import { Loading } from "../components/ui";

const CodeEditorImpl = lazy(() => import("./CodeEditor"));
const DiffEditorImpl = lazy(() => import("./CodeEditor").then((m) => ({ default: m.DiffEditor })));

export function CodeEditor(props: ComponentProps<typeof CodeEditorImpl>) {
  return (
    <Suspense fallback={<Loading label="Loading editor…" />}>
      <CodeEditorImpl {...props} />
    </Suspense>
  );
}

export function DiffEditor(props: ComponentProps<typeof DiffEditorImpl>) {
  return (
    <Suspense fallback={<Loading label="Loading editor…" />}>
      <DiffEditorImpl {...props} />
    </Suspense>
  );
}

export const loadMonaco = () => import("./monaco");
