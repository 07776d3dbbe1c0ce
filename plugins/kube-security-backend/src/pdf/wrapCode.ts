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

/** Characters after which a long word reads well when cut: `a,b` `a/b` `a&b`. */
const WORD_CUT_AFTER = new Set([',', '/', '&', ';']);

/**
 * Where to cut a word that does not fit in `room` characters: after the last
 * separator in the second half of the room, else at the room's end.
 */
function cutWord(line: string, start: number, room: number): number {
  const end = start + Math.max(1, room);
  for (let i = end - 1; i >= start + Math.floor(room / 2); i--) {
    if (WORD_CUT_AFTER.has(line[i])) return i + 1;
  }
  return end;
}

/**
 * Splits one line into lines of at most `maxChars` characters. Lines break at
 * spaces outside quotes, continuation lines are indented. A token longer than
 * a line is cut; in shell style the cut ends with a bare backslash (`'\` when
 * inside single quotes, reopened with `'` on the next line) and the next line
 * starts flush, which the shell joins back into one word.
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
    if (!shell) {
      const end = cutWord(line, start, maxChars - prefix.length);
      lines.push(prefix + line.slice(start, end));
      start = end;
      prefix = continuation;
      continue;
    }
    // Backslash-newline joins the two halves of a word. Inside single quotes
    // it would be literal, so the quote is closed before it and reopened.
    // Two characters are kept free for the widest ending, `'\\`.
    const end = cutWord(line, start, maxChars - prefix.length - 2);
    if (quoteAt[end] === "'") {
      lines.push(`${prefix}${line.slice(start, end)}'\\`);
      prefix = "'";
    } else {
      lines.push(`${prefix}${line.slice(start, end)}\\`);
      prefix = '';
    }
    start = end;
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
  return code.split('\n').flatMap(line => wrapCodeLine(line, maxChars, style));
}
