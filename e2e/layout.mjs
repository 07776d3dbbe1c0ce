// Layout checks measured with the browser's own layout (bounding boxes, scroll widths and text
// ranges), no pixel snapshots: a table's column headers stay inside its card, the table is no
// wider than the card unless a scrolling box inside the card holds it, the page itself never
// scrolls sideways, and no cell is narrower than its longest word.

/**
 * What is wrong with the layout of `table` (a playwright locator of a <table>), as sentences;
 * empty when nothing is. `mustFit`: the table must fit its card without scrolling.
 */
export async function tableLayoutProblems(table, { mustFit = false } = {}) {
  return table.evaluate((el, fit) => {
    const problems = [];
    const name = el.getAttribute('aria-label') ?? 'table';
    const box = node => node.getBoundingClientRect();
    const card = el.closest('.MuiPaper-root') ?? el.parentElement;
    const cardBox = box(card);
    // The nearest box between the table and its card that scrolls sideways.
    let scroller;
    for (let n = el.parentElement; n && !scroller; n = n.parentElement) {
      const { overflowX } = getComputedStyle(n);
      if (overflowX === 'auto' || overflowX === 'scroll') scroller = n;
      if (n === card) break;
    }
    const scrolls = scroller && scroller.scrollWidth > scroller.clientWidth + 1;
    const tableBox = box(el);
    if (tableBox.width > cardBox.width + 1) {
      if (!scrolls) {
        problems.push(
          `${name} is ${Math.round(tableBox.width)} px wide in a ${Math.round(
            cardBox.width,
          )} px card that does not scroll it`,
        );
      }
    }
    if (fit && scrolls) {
      problems.push(
        `${name} needs a sideways scroll (${scroller.scrollWidth} px in ${scroller.clientWidth} px)`,
      );
    }
    // Nothing around the card scrolls sideways: only the table's own box may.
    for (let n = card.parentElement; n; n = n.parentElement) {
      const { overflowX } = getComputedStyle(n);
      const scrollable =
        overflowX === 'auto' ||
        overflowX === 'scroll' ||
        n === document.scrollingElement;
      if (scrollable && n.scrollWidth > n.clientWidth + 1) {
        problems.push(
          `the page around ${name} scrolls sideways (${n.scrollWidth} px in ${n.clientWidth} px)`,
        );
        break;
      }
    }
    if (scroller) {
      const s = box(scroller);
      if (s.left < cardBox.left - 1 || s.right > cardBox.right + 1) {
        problems.push(`${name}'s scrolling box sticks out of its card`);
      }
    }
    const headers = [...el.querySelectorAll('thead th')];
    headers.forEach((th, index) => {
      const b = box(th);
      const label = th.textContent.trim() || `column ${index + 1}`;
      if (scrolls) {
        // Inside the scrolled content; the first column must be in view as well.
        const s = box(scroller);
        const left = b.left - s.left + scroller.scrollLeft;
        const right = b.right - s.left + scroller.scrollLeft;
        if (left < -1 || right > scroller.scrollWidth + 1) {
          problems.push(`${name}: header "${label}" is outside its card`);
        }
        if (index === 0 && (b.left < s.left - 1 || b.right > s.right + 1)) {
          problems.push(`${name}: the first column is not in view`);
        }
      } else if (b.left < cardBox.left - 1 || b.right > cardBox.right + 1) {
        problems.push(
          `${name}: header "${label}" is outside its card (${Math.round(
            b.left,
          )}–${Math.round(b.right)} px, card ${Math.round(
            cardBox.left,
          )}–${Math.round(cardBox.right)} px)`,
        );
      }
    });
    // Every word (a run of letters and digits) on one line and inside its cell's content box.
    const narrow = [];
    for (const cell of el.querySelectorAll('th, td')) {
      const style = getComputedStyle(cell);
      const cellBox = box(cell);
      const inner = {
        left: cellBox.left + parseFloat(style.paddingLeft) - 1,
        right: cellBox.right - parseFloat(style.paddingRight) + 1,
      };
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        const parent = text.parentElement;
        const parentBox = box(parent);
        // Visually hidden text (screen-reader only) has no layout to check.
        if (parentBox.width <= 1 || parentBox.height <= 1) continue;
        for (const match of text.data.matchAll(/[\p{L}\p{N}]+/gu)) {
          const range = document.createRange();
          range.setStart(text, match.index);
          range.setEnd(text, match.index + match[0].length);
          const lines = new Set(
            [...range.getClientRects()]
              .filter(r => r.width > 0)
              .map(r => Math.round(r.top)),
          );
          const r = range.getBoundingClientRect();
          // A word in a chip or badge is measured against its own box.
          const limit = parent.closest('.MuiChip-root')
            ? box(parent.closest('.MuiChip-root'))
            : inner;
          if (lines.size > 1) {
            narrow.push(`"${match[0]}" is broken over ${lines.size} lines`);
          } else if (
            r.width > 0 &&
            (r.left < limit.left - 1 || r.right > limit.right + 1)
          ) {
            narrow.push(
              `"${match[0]}" (${Math.round(
                r.width,
              )} px) does not fit its ${Math.round(cellBox.width)} px cell`,
            );
          }
        }
      }
    }
    if (narrow.length > 0) {
      problems.push(
        `${name}: ${narrow.length} words do not fit their cells, e.g. ${narrow
          .slice(0, 4)
          .join('; ')}`,
      );
    }
    return problems;
  }, mustFit);
}

/** Whether the page itself scrolls sideways (it must not: tables scroll inside their cards). */
export async function pageScrollsSideways(page) {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return root.scrollWidth > root.clientWidth + 1
      ? `the page is ${root.scrollWidth} px wide in a ${root.clientWidth} px window`
      : '';
  });
}
