import {
  ACTION_ITEMS,
  ActionItem,
  ActionItemId,
  CATEGORIES,
  CATEGORY_TITLES,
  itemsByCategory,
  Provider,
  PROVIDER_TITLES,
} from '@kube-security/plugin-kube-security-common';
import { formatDateTime } from './format';
import { renderItemParts } from './itemParts';
import {
  bullet,
  Doc,
  documentTitle,
  itemHeading,
  labelled,
  note,
  paragraph,
  renderDocument,
  sectionHeading,
  subheading,
} from './layout';
import { renderRemediation } from './remediation';

/** What the generic action plan is printed for: no scan, only the reader's choices. */
export interface ActionPlanPdfInput {
  provider: Provider;
  /** Items the reader ticked as already done; they follow the open ones of their category. */
  done: ReadonlySet<ActionItemId>;
  /** ISO time printed in the header; now when absent. */
  generatedAt?: string;
}

/** A category's items, open ones first, each group in plan order. */
export function openFirst(
  items: readonly ActionItem[],
  done: ReadonlySet<ActionItemId>,
): ActionItem[] {
  return [
    ...items.filter(item => !done.has(item.id)),
    ...items.filter(item => done.has(item.id)),
  ];
}

function countLine(total: number, open: number): string {
  return `${total} ${total === 1 ? 'item' : 'items'}, ${open} open`;
}

function renderItem(doc: Doc, item: ActionItem, input: ActionPlanPdfInput) {
  const done = input.done.has(item.id);
  itemHeading(doc, `${item.order}. ${item.title}`);
  note(
    doc,
    [
      done ? 'Marked done' : 'Open',
      `Plan position ${item.order} of ${ACTION_ITEMS.length}`,
      CATEGORY_TITLES[item.category],
    ].join(' \u00b7 '),
  );
  subheading(doc, 'Why it matters');
  paragraph(doc, item.why);
  subheading(doc, 'What good looks like');
  paragraph(doc, item.whatGoodLooksLike);
  renderItemParts(doc, item.id);
  renderRemediation(doc, item.id, input.provider, { full: true });
}

/**
 * The action plan for one provider, for anyone and without any scan: every item of the
 * catalog under its category, the open ones first in each, with why it matters, what the
 * checks verify and what rests on a statement, and the provider's steps.
 */
export function renderActionPlanPdf(
  input: ActionPlanPdfInput,
): Promise<Buffer> {
  const providerTitle = PROVIDER_TITLES[input.provider];
  const heading = `Kubernetes security action plan for ${providerTitle}`;
  const grouped = itemsByCategory();
  const openCount = (items: readonly ActionItem[]) =>
    items.filter(item => !input.done.has(item.id)).length;
  return renderDocument({ title: heading, footer: heading }, doc => {
    documentTitle(doc, heading);
    labelled(doc, 'Provider', providerTitle);
    labelled(
      doc,
      'Generated',
      formatDateTime(input.generatedAt ?? new Date().toISOString()),
    );
    labelled(
      doc,
      'Items',
      `${ACTION_ITEMS.length} in ${CATEGORIES.length} categories; ${
        ACTION_ITEMS.length - openCount(ACTION_ITEMS)
      } marked done, ${openCount(ACTION_ITEMS)} open`,
    );
    paragraph(
      doc,
      'Each category lists its open items first, in plan order (most important first), then the items marked done.',
      { italic: true, size: 9 },
    );
    sectionHeading(doc, 'Items by category');
    for (const category of CATEGORIES) {
      const items = grouped[category];
      bullet(
        doc,
        `${CATEGORY_TITLES[category]}: ${countLine(
          items.length,
          openCount(items),
        )}`,
      );
    }
    for (const category of CATEGORIES) {
      const items = grouped[category];
      sectionHeading(
        doc,
        `${CATEGORY_TITLES[category]} (${countLine(
          items.length,
          openCount(items),
        )})`,
      );
      for (const item of openFirst(items, input.done)) {
        renderItem(doc, item, input);
      }
    }
  });
}
