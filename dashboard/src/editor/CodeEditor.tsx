// Monaco editors as React components. Each editor owns its model (named by `path`) and disposes it.
import { useEffect, useRef } from "react";
import { monaco, VIEW_LANGUAGE } from "./monaco";

export interface CodeEditorProps {
  value: string;
  onChange?: (value: string) => void;
  /** "javascript" (action code, with the trigger's types), "json", or "view" (read-only highlighting). */
  language: "javascript" | "json" | "view";
  /** The model's URI; action code uses a .ts name so its handler parameters get their types. */
  path: string;
  readOnly?: boolean;
  height?: number | string;
  ariaLabel: string;
  testId?: string;
  onSave?: () => void;
  onEditor?: (editor: monaco.editor.IStandaloneCodeEditor) => void;
}

function languageId(language: CodeEditorProps["language"]): string {
  return language === "view" ? VIEW_LANGUAGE : language;
}

export default function CodeEditor({
  value,
  onChange,
  language,
  path,
  readOnly = false,
  height = 400,
  ariaLabel,
  testId,
  onSave,
  onEditor,
}: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const onChangeRef = useRef(onChange);
  const onSaveRef = useRef(onSave);
  onChangeRef.current = onChange;
  onSaveRef.current = onSave;

  useEffect(() => {
    if (!host.current) return;
    const uri = monaco.Uri.parse(path);
    monaco.editor.getModel(uri)?.dispose();
    const model = monaco.editor.createModel(value, languageId(language), uri);
    const editor = monaco.editor.create(host.current, {
      model,
      readOnly,
      ariaLabel,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 13,
      tabSize: 2,
      fixedOverflowWidgets: true,
      wordWrap: language === "json" ? "on" : "off",
      renderLineHighlight: readOnly ? "none" : "line",
    });
    editorRef.current = editor;
    const subscription = model.onDidChangeContent(() => onChangeRef.current?.(model.getValue()));
    editor.addAction({
      id: "portcullis.save",
      label: "Save",
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS],
      run: () => onSaveRef.current?.(),
    });
    onEditor?.(editor);
    return () => {
      subscription.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
    };
    // The model is created once per path; later value changes are applied below.
  }, [path, language]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && model.getValue() !== value) {
      // Keep undo history when the value is replaced from outside (e.g. a restored version).
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
    }
  }, [value]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly });
  }, [readOnly]);

  return (
    <div
      ref={host}
      className="code-editor"
      data-testid={testId}
      style={{ height: typeof height === "number" ? `${height}px` : height }}
    />
  );
}

export function DiffEditor({
  original,
  modified,
  height = 420,
  ariaLabel,
}: {
  original: string;
  modified: string;
  height?: number | string;
  ariaLabel: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const originalModel = monaco.editor.createModel(original, VIEW_LANGUAGE);
    const modifiedModel = monaco.editor.createModel(modified, VIEW_LANGUAGE);
    const editor = monaco.editor.createDiffEditor(host.current, {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      renderSideBySide: host.current.clientWidth > 700,
      diffWordWrap: "on",
      wordWrap: "on",
      minimap: { enabled: false },
      ariaLabel,
      fontSize: 13,
    });
    editor.setModel({ original: originalModel, modified: modifiedModel });
    return () => {
      editor.dispose();
      originalModel.dispose();
      modifiedModel.dispose();
    };
  }, [original, modified, ariaLabel]);
  return (
    <div
      ref={host}
      className="code-editor"
      data-testid="diff-editor"
      style={{ height: typeof height === "number" ? `${height}px` : height }}
    />
  );
}
