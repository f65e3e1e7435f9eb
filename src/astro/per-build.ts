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

/** A value per key (a language, a route pattern), computed once per build. */
export function perBuildKeyed<T>(compute: (key: string) => T): (key: string) => T {
  const cache = perBuild(() => new Map<string, T>());
  return (key) => {
    const map = cache();
    if (!map.has(key)) map.set(key, compute(key));
    return map.get(key) as T;
  };
}
