// Modules the build makes (src/tools/bundle-web.ts).

declare module 'mcalc:worker' {
  /** the engine worker's bundled source (src/web/worker.ts) */
  const source: string;
  export default source;
}

declare module 'mcalc:examples' {
  /** examples/*.mc, seed problems first */
  const examples: ReadonlyArray<{ readonly name: string; readonly source: string }>;
  export default examples;
}
