/**
 * Rules for the browser's own print (Ctrl+P): only the plan goes on paper (the
 * portal's sidebar, headers and tabs and every control are left out, whatever
 * the app around it), every collapsed section opens, tables take the page's
 * width and wrap instead of running off its right edge, and rows, headings and
 * code blocks are not split across pages. Selectors use element roles, data
 * attributes and MUI's stable global class names, which survive production
 * builds (app-specific JSS class names do not).
 */
export const PRINT_CSS = `
[data-ks-print="only"] { display: none; }
@media print {
  @page { margin: 10mm; }
  nav, header, [role="tablist"], [data-ks-print="hide"] { display: none !important; }
  body *:not(:has([data-ks-print-root])):not([data-ks-print-root]):not([data-ks-print-root] *) {
    display: none !important;
  }
  body *:has([data-ks-print-root]) {
    position: static !important;
    overflow: visible !important;
    height: auto !important;
    min-height: 0 !important;
    width: auto !important;
    max-width: none !important;
    margin: 0 !important;
    padding: 0 !important;
    box-shadow: none !important;
  }
  [data-ks-print="only"] { display: block !important; }
  [data-ks-print="no-title"] .MuiCardHeader-root { display: none !important; }
  [data-ks-print-root] { zoom: 0.7; }
  [data-ks-print-root] button { display: none !important; }
  [data-ks-print-root] pre,
  [data-ks-print-root] code {
    white-space: pre-wrap !important;
    overflow-wrap: anywhere !important;
    overflow: visible !important;
  }
  [data-ks-print-root] .MuiCollapse-container,
  [data-ks-print-root] .MuiCollapse-hidden {
    height: auto !important;
    visibility: visible !important;
    overflow: visible !important;
  }
  [data-ks-print-root] .MuiAccordionSummary-expandIcon { display: none !important; }
  /* The entity's to-do list on paper: the catalog's list of checks stays on screen. */
  [data-ks-print-root="entity"] .MuiAccordionDetails-root > div:has(> [data-ks-item-parts]) {
    display: none !important;
  }
  [data-ks-print-root] .MuiAccordionDetails-root { padding-top: 0 !important; }
  [data-ks-print-root] table { width: 100% !important; }
  [data-ks-print-root] th,
  [data-ks-print-root] td {
    position: static !important;
    min-width: 0 !important;
    padding: 2px 4px !important;
    line-height: 1.3 !important;
    background: none !important;
  }
  [data-ks-print-root] tr { background: none !important; }
  [data-ks-print-root] td .MuiChip-root {
    height: auto !important;
    margin: 0 2px 1px 0 !important;
    border: 1px solid currentColor;
  }
  [data-ks-print-root] td .MuiChip-label { padding: 0 3px !important; }
  [data-ks-print-root] td [role="group"] { display: block !important; margin-top: 1px !important; }
  [data-ks-print-root] td [role="group"] > * { display: inline-flex !important; }
  [data-ks-print-root] tr,
  [data-ks-print-root] pre,
  [data-ks-print-root] li,
  [data-ks-print-root] .MuiAccordionSummary-root { break-inside: avoid; }
  [data-ks-print-root] h2,
  [data-ks-print-root] h3,
  [data-ks-print-root] h4,
  [data-ks-print-root] h5,
  [data-ks-print-root] h6,
  [data-ks-print-root] .MuiAccordionSummary-root { break-after: avoid; }
  [data-ks-print-root] .MuiAccordion-root { margin: 0 0 4mm !important; }
  [data-ks-print-root] .MuiPaper-root { box-shadow: none !important; }
  body { background: #fff !important; }
}
`;

/** Injects the print rules; render it once in each top-level component. */
export const PrintStyles = () => (
  <style data-ks-print-styles>{PRINT_CSS}</style>
);
