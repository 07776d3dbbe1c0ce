/**
 * Wrapping of commands and manifests for print. pdfkit would break long lines
 * after any hyphen or slash (`--` / `port 22`), which changes what a reader
 * types; instead lines break at spaces outside quotes, and shell lines get a
 * trailing backslash so that the printed command still runs when copied.
 */

export type CodeStyle = 'shell' | 'plain';

const SHELL_CONTINUATION = ' \\';
const CONTINUATION_INDENT = '    ';

interface LineShape {
  /** Spaces outside quotes and indentation, where a line may break. */
  breakable: boolean[];
  /** The quote open just before each index, if any. */
  quoteAt: Array<'"' | "'" | undefined>;
}

function shapeOf(line: string): LineShape {
  const breakable: boolean[] = new Array(line.length).fill(false);
  const quoteAt: LineShape['quoteAt'] = new Array(line.length).fill(undefined);
  const indent = line.length - line.trimStart().length;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    quoteAt[i] = quote;
    const char = line[i];
    if (quote === '"' && char === '\\') {
      i++;
      if (i < line.length) quoteAt[i] = quote;
    } else if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === ' ' && i > indent) {
      breakable[i] = true;
    }
  }
  return { breakable, quoteAt };
}

/**
 * Splits one line into lines of at most `maxChars` characters. Lines break at
 * spaces outside quotes, continuation lines are indented. A token longer than
 * a line is cut; in shell style the cut ends with a bare backslash and the
 * next line starts flush, which the shell joins back into one word.
 */
export function wrapCodeLine(
  line: string,
  maxChars: number,
  style: CodeStyle,
): string[] {
  if (line.length <= maxChars) return [line];
  // A backslash would not continue a shell comment, so comments wrap plainly.
  const shell = style === 'shell' && !line.trimStart().startsWith('#');
  const marker = shell ? SHELL_CONTINUATION : '';
  const { breakable, quoteAt } = shapeOf(line);
  const indent = line.slice(0, line.length - line.trimStart().length);
  const continuation =
    indent.length + CONTINUATION_INDENT.length < maxChars / 2
      ? `${indent}${CONTINUATION_INDENT}`
      : '';

  const lines: string[] = [];
  let prefix = '';
  let start = 0;
  while (prefix.length + line.length - start > maxChars) {
    const room = maxChars - prefix.length - marker.length;
    let cut = -1;
    for (let i = Math.min(start + room, line.length - 1); i > start; i--) {
      if (breakable[i]) {
        cut = i;
        break;
      }
    }
    if (cut >= 0) {
      lines.push(prefix + line.slice(start, cut) + marker);
      start = cut + 1;
      while (line[start] === ' ') start++;
      prefix = continuation;
      continue;
    }
    // Backslash-newline joins words, except inside single quotes.
    const end = start + Math.max(1, maxChars - prefix.length - (shell ? 1 : 0));
    const joinable = shell && quoteAt[end] !== "'";
    lines.push(prefix + line.slice(start, end) + (joinable ? '\\' : ''));
    start = end;
    prefix = joinable ? '' : continuation;
  }
  lines.push(prefix + line.slice(start));
  return lines;
}

/** Wraps every line of a command or manifest. */
export function wrapCode(
  code: string,
  maxChars: number,
  style: CodeStyle,
): string[] {
  return code
    .split('\n')
    .flatMap(line => wrapCodeLine(line, maxChars, style));
}
