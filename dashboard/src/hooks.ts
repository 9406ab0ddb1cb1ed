import { useCallback, useEffect, useRef, useState, type DependencyList } from "react";

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (update: T | ((previous: T | undefined) => T)) => void;
}

/** Loads data when the dependencies change; stale answers of earlier loads are dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): Async<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    load().then(
      (value) => {
        if (mine !== generation.current) return;
        setData(value);
        setLoading(false);
      },
      (reason: unknown) => {
        if (mine !== generation.current) return;
        setError(reason);
        setLoading(false);
      },
    );
  }, [...deps, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload, setData: setData as Async<T>["setData"] };
}

/** Runs a mutation, tracking busy state and the API's error message for display next to the form. */
export function useSubmit<A extends unknown[], R>(run: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await run(...args);
      } catch (reason) {
        setError(reason instanceof Error ? reason.message : String(reason));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [run],
  );
  return { submit, busy, error, setError };
}

/** Splits a textarea of comma- or newline-separated URLs into a list. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function joinList(list?: string[]): string {
  return (list ?? []).join(", ");
}
