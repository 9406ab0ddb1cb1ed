import { useState } from "react";
import { useToast } from "../../components/overlays";
import { Button, Card } from "../../components/ui";
import { CodeEditor } from "../../editor/lazy";
import { useSubmit } from "../../hooks";

/** A JSON object editor that saves through `save`; invalid JSON is reported before any request. */
export default function MetadataEditor({
  title,
  description,
  value,
  path,
  save,
}: {
  title: string;
  description: string;
  value: Record<string, unknown> | undefined;
  path: string;
  save: (next: Record<string, unknown>) => Promise<void>;
}) {
  const toast = useToast();
  const initial = JSON.stringify(value ?? {}, null, 2);
  const [text, setText] = useState(initial);
  const [parseError, setParseError] = useState<string | null>(null);
  const { submit, busy, error } = useSubmit(async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      setParseError(`Invalid JSON: ${(e as Error).message}`);
      return;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      setParseError("Metadata must be a JSON object.");
      return;
    }
    setParseError(null);
    await save(parsed as Record<string, unknown>);
    toast(`${title} saved`);
  });
  const message = parseError ?? error;
  return (
    <Card title={title} description={description}>
      <CodeEditor value={text} onChange={setText} language="json" path={path} height={180} ariaLabel={title} onSave={() => void submit()} />
      <div className="form-footer">
        {message && (
          <p className="error-text" role="alert">
            {message}
          </p>
        )}
        <Button variant="primary" busy={busy} disabled={text === initial} onClick={() => void submit()} aria-label={`Save ${title}`}>
          Save
        </Button>
      </div>
    </Card>
  );
}
