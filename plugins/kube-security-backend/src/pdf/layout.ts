import PDFDocument from 'pdfkit';
import { CodeStyle, wrapCode } from './wrapCode';

/**
 * Layout primitives shared by the PDF renderers. Everything here is about how
 * text looks and flows over pages; what is written lives in the content files.
 */

export type Doc = PDFKit.PDFDocument;

// The standard PDF fonts ship with pdfkit as metrics only, so nothing is
// downloaded or embedded.
export const FONTS = {
  regular: 'Helvetica',
  bold: 'Helvetica-Bold',
  italic: 'Helvetica-Oblique',
  mono: 'Courier',
} as const;

export const COLORS = {
  text: '#1f2933',
  muted: '#52606d',
  rule: '#cbd2d9',
  codeBackground: '#eef2f6',
  tableHeader: '#e4e7eb',
  warningText: '#8a1c1c',
  warningBackground: '#fdecea',
  infoText: '#1c3d5a',
  infoBackground: '#e8f1fa',
} as const;

const MARGIN = 50;
// Room under the bottom margin for the page footer.
const FOOTER_OFFSET = 28;
const BODY_SIZE = 10;
const CODE_SIZE = 8.5;
const CODE_PADDING = 6;
const CELL_PADDING = 4;
const INDENT_STEP = 14;

// Characters the standard fonts can draw: Latin-1 plus the WinAnsi extras.
const WIN_ANSI_EXTRAS = new Set(
  '\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152' +
    '\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a' +
    '\u0153\u017e\u0178',
);

/**
 * Makes text drawable with the standard fonts: tabs become spaces, control
 * characters are dropped and characters outside WinAnsi become '?', because
 * the built-in fonts would otherwise print unrelated glyphs for them.
 */
export function toPrintable(text: string): string {
  let result = '';
  for (const char of text.replace(/\r\n?/g, '\n').replace(/\t/g, '  ')) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\n') result += char;
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    else if (code <= 0xff || WIN_ANSI_EXTRAS.has(char)) result += char;
    else result += '?';
  }
  return result;
}

function left(doc: Doc): number {
  return doc.page.margins.left;
}

export function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page unless `height` points still fit on this one. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) {
    doc.addPage();
  }
}

/**
 * Keeps a block of `height` points on one page. Blocks taller than half a
 * page may still split, but only once half a page is free.
 */
export function keepTogether(doc: Doc, height: number): void {
  const usable = bottom(doc) - doc.page.margins.top;
  ensureSpace(doc, Math.min(height, usable / 2));
}

interface TextStyle {
  font?: string;
  size?: number;
  color?: string;
  /** Indentation level; each level moves the text right. */
  indent?: number;
  /** Makes the text a clickable link in PDF viewers. */
  link?: string;
}

/** Writes wrapped text at the left margin plus the indentation. */
function write(doc: Doc, text: string, style: TextStyle = {}): void {
  const indent = (style.indent ?? 0) * INDENT_STEP;
  doc
    .font(style.font ?? FONTS.regular)
    .fontSize(style.size ?? BODY_SIZE)
    .fillColor(style.color ?? COLORS.text)
    .text(toPrintable(text), left(doc) + indent, doc.y, {
      width: contentWidth(doc) - indent,
      lineGap: 1.5,
      ...(style.link ? { link: style.link } : {}),
    });
  doc.x = left(doc);
}

export function documentTitle(doc: Doc, text: string): void {
  write(doc, text, { font: FONTS.bold, size: 18 });
  doc.moveDown(0.4);
}

/** A top-level section with a rule under its title. */
export function sectionHeading(doc: Doc, text: string): void {
  doc.moveDown(0.8);
  // Keep the heading together with at least a few lines of its content.
  ensureSpace(doc, 70);
  write(doc, text, { font: FONTS.bold, size: 14 });
  const y = doc.y + 2;
  doc
    .moveTo(left(doc), y)
    .lineTo(left(doc) + contentWidth(doc), y)
    .lineWidth(0.8)
    .strokeColor(COLORS.rule)
    .stroke();
  doc.y = y + 8;
}

/** The title of one plan item or action. */
export function itemHeading(doc: Doc, text: string): void {
  doc.moveDown(0.7);
  ensureSpace(doc, 80);
  write(doc, text, { font: FONTS.bold, size: 12 });
  doc.moveDown(0.2);
}

/** A small bold label introducing a block inside an item. */
export function subheading(doc: Doc, text: string, indent = 0): void {
  doc.moveDown(0.4);
  ensureSpace(doc, 40);
  write(doc, text, { font: FONTS.bold, size: 10.5, indent });
  doc.moveDown(0.15);
}

export function paragraph(
  doc: Doc,
  text: string,
  style: Omit<TextStyle, 'font'> & { italic?: boolean } = {},
): void {
  write(doc, text, {
    ...style,
    font: style.italic ? FONTS.italic : FONTS.regular,
  });
}

/** Secondary text such as dates, references and links. */
export function note(doc: Doc, text: string, indent = 0, link?: string): void {
  write(doc, text, { size: 9, color: COLORS.muted, indent, link });
}

/** `Label: value` on one wrapped line, the label in bold. */
export function labelled(
  doc: Doc,
  label: string,
  value: string,
  indent = 0,
): void {
  const x = left(doc) + indent * INDENT_STEP;
  const options = {
    width: contentWidth(doc) - indent * INDENT_STEP,
    lineGap: 1.5,
  };
  doc
    .fontSize(BODY_SIZE)
    .fillColor(COLORS.text)
    .font(FONTS.bold)
    .text(toPrintable(`${label}: `), x, doc.y, { ...options, continued: true })
    .font(FONTS.regular)
    .text(toPrintable(value), options);
  doc.x = left(doc);
}

export interface BulletOptions extends TextStyle {
  /** Replaces the bullet, e.g. `1.` for numbered steps. */
  marker?: string;
}

const MARKER_WIDTH = 16;

function bulletTextWidth(doc: Doc, options: BulletOptions): number {
  return contentWidth(doc) - (options.indent ?? 0) * INDENT_STEP - MARKER_WIDTH;
}

/** Height that `bullet` will take for this text. */
export function bulletHeight(
  doc: Doc,
  text: string,
  options: BulletOptions = {},
): number {
  doc.font(options.font ?? FONTS.regular).fontSize(options.size ?? BODY_SIZE);
  return doc.heightOfString(toPrintable(text), {
    width: bulletTextWidth(doc, options),
    lineGap: 1.5,
  });
}

/** A bulleted (or numbered, when `marker` is given) line of wrapped text. */
export function bullet(
  doc: Doc,
  text: string,
  options: BulletOptions = {},
): void {
  const x = left(doc) + (options.indent ?? 0) * INDENT_STEP;
  const width = bulletTextWidth(doc, options);
  ensureSpace(doc, Math.min(bulletHeight(doc, text, options), 40));
  const y = doc.y;
  doc
    .fontSize(options.size ?? BODY_SIZE)
    .fillColor(options.color ?? COLORS.text)
    .font(FONTS.regular)
    .text(options.marker ?? '\u2022', x, y, {
      width: MARKER_WIDTH,
      lineBreak: false,
    });
  doc
    .font(options.font ?? FONTS.regular)
    .text(toPrintable(text), x + MARKER_WIDTH, y, { width, lineGap: 1.5 });
  doc.x = left(doc);
}

export interface CodeOptions {
  indent?: number;
  /** `shell` for commands: wrapped lines end with a continuation backslash. */
  style?: CodeStyle;
}

interface CodeLayout {
  x: number;
  width: number;
  lines: string[];
  lineHeight: number;
  height: number;
}

function layoutCode(doc: Doc, code: string, options: CodeOptions): CodeLayout {
  const indent = (options.indent ?? 0) * INDENT_STEP;
  const width = contentWidth(doc) - indent;
  doc.font(FONTS.mono).fontSize(CODE_SIZE);
  // Courier is monospaced, so a line's width is its length times one glyph.
  const maxChars = Math.floor(
    (width - 2 * CODE_PADDING) / doc.widthOfString('M'),
  );
  const lines = wrapCode(toPrintable(code), maxChars, options.style ?? 'plain');
  const lineHeight = doc.currentLineHeight(true);
  return {
    x: left(doc) + indent,
    width,
    lines,
    lineHeight,
    height: lines.length * lineHeight + 2 * CODE_PADDING + 4,
  };
}

/** Height that `codeBlock` will take for this code. */
export function codeBlockHeight(
  doc: Doc,
  code: string,
  options: CodeOptions = {},
): number {
  return layoutCode(doc, code, options).height;
}

/**
 * A command or manifest in a monospace font on a shaded band. Lines are
 * wrapped by `wrapCode` and drawn one by one, so that long blocks continue on
 * the next page and nothing runs off the page.
 */
export function codeBlock(
  doc: Doc,
  code: string,
  options: CodeOptions = {},
): void {
  const { x, width, lines, lineHeight, height } = layoutCode(
    doc,
    code,
    options,
  );
  keepTogether(doc, height);

  const band = (y: number, h: number) =>
    doc.rect(x, y, width, h).fill(COLORS.codeBackground);

  band(doc.y, CODE_PADDING);
  doc.y += CODE_PADDING;
  for (const line of lines) {
    if (doc.y + lineHeight + CODE_PADDING > bottom(doc)) {
      band(doc.y, CODE_PADDING);
      doc.addPage();
      band(doc.y, CODE_PADDING);
      doc.y += CODE_PADDING;
    }
    const y = doc.y;
    band(y, lineHeight);
    // Lines are already wrapped; lineBreak: false keeps their leading spaces.
    doc
      .fillColor(COLORS.text)
      .font(FONTS.mono)
      .fontSize(CODE_SIZE)
      .text(line.length > 0 ? line : ' ', x + CODE_PADDING, y, {
        lineBreak: false,
      });
    doc.y = y + lineHeight;
  }
  band(doc.y, CODE_PADDING);
  doc.y += CODE_PADDING + 4;
  doc.x = left(doc);
}

/** A shaded box that draws the eye: stale data, missing mapping. */
export function callout(
  doc: Doc,
  text: string,
  kind: 'warning' | 'info',
): void {
  const padding = 8;
  const width = contentWidth(doc);
  const printable = toPrintable(text);
  doc.font(FONTS.bold).fontSize(BODY_SIZE);
  const height =
    doc.heightOfString(printable, {
      width: width - 2 * padding,
      lineGap: 1.5,
    }) +
    2 * padding;
  ensureSpace(doc, height);
  const y = doc.y;
  doc
    .rect(left(doc), y, width, height)
    .fill(
      kind === 'warning' ? COLORS.warningBackground : COLORS.infoBackground,
    );
  doc
    .fillColor(kind === 'warning' ? COLORS.warningText : COLORS.infoText)
    .text(printable, left(doc) + padding, y + padding, {
      width: width - 2 * padding,
      lineGap: 1.5,
    });
  doc.y = y + height + 6;
  doc.x = left(doc);
}

export interface TableColumn {
  header: string;
  /** Share of the content width, 0..1; the shares should add up to 1. */
  width: number;
  align?: 'left' | 'right';
}

/** A simple table whose rows grow with wrapped cells; the header repeats on every page. */
export function table(
  doc: Doc,
  columns: readonly TableColumn[],
  rows: ReadonlyArray<readonly string[]>,
): void {
  const size = 9;
  const total = contentWidth(doc);
  const widths = columns.map(column => column.width * total);

  const drawRow = (cells: readonly string[], header: boolean) => {
    doc.font(header ? FONTS.bold : FONTS.regular).fontSize(size);
    const texts = cells.map(cell => toPrintable(cell));
    const height =
      Math.max(
        ...texts.map((text, i) =>
          doc.heightOfString(text, { width: widths[i] - 2 * CELL_PADDING }),
        ),
      ) +
      2 * CELL_PADDING;
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      if (!header)
        drawRow(
          columns.map(c => c.header),
          true,
        );
    }
    const y = doc.y;
    if (header) {
      doc.rect(left(doc), y, total, height).fill(COLORS.tableHeader);
    }
    let x = left(doc);
    texts.forEach((text, i) => {
      doc
        .font(header ? FONTS.bold : FONTS.regular)
        .fontSize(size)
        .fillColor(COLORS.text)
        .text(text, x + CELL_PADDING, y + CELL_PADDING, {
          width: widths[i] - 2 * CELL_PADDING,
          align: columns[i].align ?? 'left',
        });
      x += widths[i];
    });
    doc
      .moveTo(left(doc), y + height)
      .lineTo(left(doc) + total, y + height)
      .lineWidth(0.5)
      .strokeColor(COLORS.rule)
      .stroke();
    doc.y = y + height;
  };

  ensureSpace(doc, 50);
  drawRow(
    columns.map(c => c.header),
    true,
  );
  for (const row of rows) drawRow(row, false);
  doc.x = left(doc);
  doc.moveDown(0.5);
}

/** Writes "label ... Page n of N" under the content of every buffered page. */
function addFooters(doc: Doc, label: string): void {
  const range = doc.bufferedPageRange();
  const maxLabel = 90;
  const shortLabel =
    label.length > maxLabel ? `${label.slice(0, maxLabel - 3)}...` : label;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would otherwise open a new page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - margin + FOOTER_OFFSET - 10;
    doc
      .moveTo(left(doc), y - 6)
      .lineTo(left(doc) + contentWidth(doc), y - 6)
      .lineWidth(0.5)
      .strokeColor(COLORS.rule)
      .stroke();
    doc.font(FONTS.regular).fontSize(8).fillColor(COLORS.muted);
    doc.text(toPrintable(shortLabel), left(doc), y, {
      width: contentWidth(doc) * 0.8,
      lineBreak: false,
    });
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, left(doc), y, {
      width: contentWidth(doc),
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = margin;
  }
}

export interface DocumentOptions {
  /** Stored in the PDF's metadata. */
  title: string;
  /** Printed on the left of every footer. */
  footer: string;
}

/**
 * Creates an A4 document, lets `draw` fill it, numbers the pages and resolves
 * with the whole file.
 */
export function renderDocument(
  options: DocumentOptions,
  draw: (doc: Doc) => void,
): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      bufferPages: true,
      info: {
        Title: toPrintable(options.title),
        Creator: 'Kube Security',
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      doc.font(FONTS.regular).fontSize(BODY_SIZE).fillColor(COLORS.text);
      draw(doc);
      addFooters(doc, options.footer);
      doc.end();
    } catch (error) {
      reject(error);
    }
  });
}
