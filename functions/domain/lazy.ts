/**
 * Values built on first use, then kept for the life of the process. The zod schemas are declared
 * with it: building them all at import cost every cold start ~15 ms, while a request needs one or two.
 */

/** A getter that builds the value on its first call and returns the same value ever after. */
// Marked free of side effects so that esbuild drops a getter no code of the bundle calls.
export /* @__NO_SIDE_EFFECTS__ */ function lazy<T>(build: () => T): () => T {
  let built: { readonly value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
