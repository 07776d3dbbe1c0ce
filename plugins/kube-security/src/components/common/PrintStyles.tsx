/**
 * Rules for the browser's own print (Ctrl+P): drop the portal's chrome and the
 * controls, and open every collapsed section so the paper shows the whole plan.
 * Selectors use element roles and MUI's stable global class names, which
 * survive production builds (app-specific JSS class names do not).
 */
export const PRINT_CSS = `
[data-ks-print="only"] { display: none; }
@media print {
  nav, header, [role="tablist"], [data-ks-print="hide"] { display: none !important; }
  [data-ks-print="only"] { display: block !important; }
  [data-ks-print-root] .MuiCollapse-container,
  [data-ks-print-root] .MuiCollapse-hidden {
    height: auto !important;
    visibility: visible !important;
    overflow: visible !important;
  }
  [data-ks-print-root] .MuiAccordionSummary-expandIcon { display: none !important; }
  [data-ks-print-root] .MuiAccordion-root,
  [data-ks-print-root] tr { break-inside: avoid; }
  body { background: #fff !important; }
}
`;

/** Injects the print rules; render it once in each top-level component. */
export const PrintStyles = () => (
  <style data-ks-print-styles>{PRINT_CSS}</style>
);
