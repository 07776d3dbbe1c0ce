/*
 * gaxios (the HTTP layer of the Google clients' REST transport) loads node-fetch with a
 * dynamic `import()`, which Jest's CommonJS sandbox cannot run. When a `window.fetch`
 * exists it uses that instead, so give this sandbox's global one: Node's built-in fetch.
 * Only the test sandbox sees it; at run time the clients are unchanged.
 */
(globalThis as any).window ??= { fetch: globalThis.fetch.bind(globalThis) };

export {};
