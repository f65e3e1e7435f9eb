/**
 * A value computed once per build and shared by every route that needs it. The dev
 * server computes it again on every request, so edits to the content show at once.
 */
export function perBuild<T>(compute: () => T): () => T {
  let value: { current: T } | undefined;
  return () => {
    if (!value || import.meta.env.DEV) value = { current: compute() };
    return value.current;
  };
}
