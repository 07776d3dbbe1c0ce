import {
  ActionItemId,
  describeSeveralValues,
  fillRemediationStep,
  getActionItem,
  PlaceholderValues,
  Provider,
  PROVIDER_TITLES,
  RemediationStep,
} from '@kube-security/plugin-kube-security-common';
import {
  bullet,
  bulletHeight,
  codeBlock,
  codeBlockHeight,
  Doc,
  keepTogether,
  labelled,
  note,
  paragraph,
  subheading,
} from './layout';

export interface RemediationOptions {
  /** Only the first steps, for summaries such as the team's top actions. */
  maxSteps?: number;
  /** Show the provider's summary and documentation links (the full plan does). */
  full?: boolean;
  indent?: number;
  /**
   * Where the steps apply, e.g. `Amazon EKS — eks-prod-eu` (the provider's name by
   * default).
   */
  label?: string;
  /** Values of the placeholders the findings determine, filled into the steps. */
  values?: PlaceholderValues;
}

function renderStep(
  doc: Doc,
  original: RemediationStep,
  number: number,
  indent: number,
  values: PlaceholderValues,
): void {
  // Values are quoted for the shell or YAML here; the layout makes them printable.
  const { step, several } = fillRemediationStep(original, values);
  const stepStyle = { marker: `${number}.`, indent };
  const blockOptions = { indent: indent + 1 };
  // Keep a step's sentence, console path and code on one page where they fit.
  keepTogether(
    doc,
    bulletHeight(doc, step.text, stepStyle) +
      (step.consolePath
        ? bulletHeight(doc, `Console: ${step.consolePath}`, blockOptions)
        : 0) +
      (step.command
        ? codeBlockHeight(doc, step.command, {
            ...blockOptions,
            style: 'shell',
          })
        : 0) +
      (step.manifest ? codeBlockHeight(doc, step.manifest, blockOptions) : 0),
  );
  bullet(doc, step.text, stepStyle);
  if (step.consolePath) {
    labelled(doc, 'Console', step.consolePath, indent + 1);
  }
  if (step.command) {
    codeBlock(doc, step.command, { ...blockOptions, style: 'shell' });
  }
  if (step.manifest) codeBlock(doc, step.manifest, blockOptions);
  if (several.length > 0) {
    note(
      doc,
      `Once for each: ${several.map(describeSeveralValues).join('; ')}`,
      indent + 1,
    );
  }
}

/** The catalog's remediation of one item on one provider. */
export function renderRemediation(
  doc: Doc,
  itemId: ActionItemId,
  provider: Provider,
  options: RemediationOptions = {},
): void {
  const remediation = getActionItem(itemId).remediation[provider];
  const indent = options.indent ?? 0;
  const steps =
    options.maxSteps === undefined
      ? remediation.steps
      : remediation.steps.slice(0, options.maxSteps);
  const shownAll = steps.length === remediation.steps.length;
  const where = options.label ?? PROVIDER_TITLES[provider];

  subheading(
    doc,
    shownAll
      ? `How to fix it on ${where}`
      : `First steps on ${where} (${steps.length} of ${remediation.steps.length})`,
    indent,
  );
  if (options.full) paragraph(doc, remediation.summary, { indent });
  steps.forEach((step, i) =>
    renderStep(doc, step, i + 1, indent, options.values ?? {}),
  );

  if (options.full && remediation.docs.length > 0) {
    subheading(doc, 'Documentation', indent);
    for (const link of remediation.docs) {
      keepTogether(doc, 30);
      bullet(doc, link.title, { indent });
      // The address on its own line rarely needs to wrap.
      note(doc, link.url, indent + 1, link.url);
    }
  }
}
