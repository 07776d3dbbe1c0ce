import type * as ClientNode from '@kubernetes/client-node';

let loaded: typeof ClientNode | undefined;

/**
 * Loads `@kubernetes/client-node` on first use.
 *
 * The module graph of client-node takes about a second to evaluate in Node (several
 * seconds per test file under jest), and most users of this package (the engine, the CLI
 * on manifest folders, every test that imports the package index) never talk to a live
 * cluster. A static import would make all of them pay. `import()` is not an option:
 * jest runs without `--experimental-vm-modules`, and client-node is ESM-only, so the
 * module is loaded through `require`, which Node 22 supports for ESM (and which jest
 * serves from its SWC-transformed copy).
 */
export function clientNode(): typeof ClientNode {
  loaded ??= require('@kubernetes/client-node') as typeof ClientNode;
  return loaded;
}
