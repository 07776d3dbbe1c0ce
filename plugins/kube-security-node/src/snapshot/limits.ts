import { isAlias, isCollection, isPair, type Document, type Node } from 'yaml';

/** Bounds on what one manifest text may cost to read. */
export interface ManifestLimits {
  /** Largest text (file) read, in bytes. */
  maxFileBytes: number;
  /**
   * Most values one YAML document may gain through aliases (`*name`) beyond the values written
   * out in it. Ordinary manifests reuse a label block or a container here and there; a few
   * kilobytes of nested aliases can otherwise expand to millions of values.
   */
  maxAliasExpansion: number;
}

export const DEFAULT_MANIFEST_LIMITS: ManifestLimits = {
  maxFileBytes: 256 * 1024 * 1024,
  maxAliasExpansion: 100_000,
};

/** The error for a text over the size limit. */
export function tooLarge(size: number, limits: ManifestLimits): string {
  return `File is larger than the ${limits.maxFileBytes}-byte limit (${size} bytes): split it, or raise the limit`;
}

/** Why a document may not be converted, or undefined when it is within the limits. */
export function aliasProblem(
  doc: Document,
  maxAliasExpansion: number,
): string | undefined {
  const contents = doc.contents as Node | null;
  if (!contents || !hasAlias(contents)) return undefined;
  const expanded = new Map<Node, number>();
  const inProgress = new Set<Node>();
  let recursive = false;

  // Values a node stands for once every alias in it is replaced by what it names.
  const sizeOf = (node: unknown): number => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) return 1; // an unknown anchor: the YAML parser reports it
      if (inProgress.has(target)) {
        recursive = true;
        return 0;
      }
      return sizeOf(target);
    }
    if (!isCollection(node)) return 1;
    const known = expanded.get(node);
    if (known !== undefined) return known;
    inProgress.add(node);
    let size = 1;
    for (const item of node.items) {
      if (isPair(item)) size += sizeOf(item.key) + sizeOf(item.value);
      else size += sizeOf(item);
    }
    inProgress.delete(node);
    expanded.set(node, size);
    return size;
  };

  const total = sizeOf(contents);
  if (recursive) {
    return 'contains an alias to a value that holds it (a recursive alias)';
  }
  const written = writtenSize(contents);
  if (total - written > maxAliasExpansion) {
    return `expands to more than ${maxAliasExpansion} values through YAML aliases (${written} written out, ${total} after expansion)`;
  }
  return undefined;
}

/** Values written out in the text: an alias counts once, however much it names. */
function writtenSize(node: unknown): number {
  if (!isCollection(node)) return 1;
  let size = 1;
  for (const item of node.items) {
    if (isPair(item)) size += writtenSize(item.key) + writtenSize(item.value);
    else size += writtenSize(item);
  }
  return size;
}

function hasAlias(node: unknown): boolean {
  if (isAlias(node)) return true;
  if (!isCollection(node)) return false;
  for (const item of node.items) {
    if (
      isPair(item) ? hasAlias(item.key) || hasAlias(item.value) : hasAlias(item)
    )
      return true;
  }
  return false;
}
