import { ACTION_ITEMS } from '@kube-security/plugin-kube-security-common';
import type {
  ActionItem,
  CheckDefinition,
  Finding,
  Provider,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import type { ScanReport } from '../report';
import {
  acceptedUntil,
  describeResource,
  isOpen,
  locateFinding,
} from '../report';

type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  if (severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'medium') return 'warning';
  return 'note';
}

// GitHub code scanning ranks security alerts by this CVSS-like score.
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

/**
 * The provider's documentation when the provider is known; otherwise only a page every
 * provider's remediation cites (typically kubernetes.io), never one provider's page.
 */
function helpUri(item: ActionItem, provider?: Provider): string | undefined {
  if (provider) return item.remediation[provider]?.docs[0]?.url;
  const lists = Object.values(item.remediation).map(r =>
    r.docs.map(d => d.url),
  );
  return lists[0]?.find(url => lists.every(list => list.includes(url)));
}

interface RuleEntry {
  rule: Record<string, unknown>;
  index: number;
}

function buildRules(provider?: Provider) {
  const rules: Record<string, unknown>[] = [];
  const byId = new Map<string, RuleEntry>();
  const add = (check: CheckDefinition, item?: ActionItem) => {
    const uri = item && helpUri(item, provider);
    const rule: Record<string, unknown> = {
      id: check.id,
      name: check.id,
      shortDescription: { text: check.title },
      ...(item ? { fullDescription: { text: item.why } } : {}),
      ...(uri ? { helpUri: uri } : {}),
      ...(item
        ? { help: { text: `${item.title}. ${item.whatGoodLooksLike}` } }
        : {}),
      defaultConfiguration: { level: sarifLevel(check.severity) },
      properties: {
        // The standard control ids the check answers (docs/standards.md) are tags too.
        tags: [
          'security',
          'kubernetes',
          ...(item ? [item.category] : []),
          ...check.standards,
        ],
        ...(item ? { itemId: item.id, category: item.category } : {}),
        'security-severity': SECURITY_SEVERITY[check.severity],
      },
    };
    byId.set(check.id, { rule, index: rules.length });
    rules.push(rule);
  };
  for (const item of ACTION_ITEMS) {
    for (const check of item.checks) add(check, item);
  }
  return { rules, byId, add };
}

/**
 * SARIF 2.1.0 for code-scanning uploads: one rule per check, one result per open finding.
 * Findings an exception annotation accepts are results too, suppressed in source (the
 * annotation sits in the manifest), so code scanning shows them as dismissed.
 */
export function formatSarif(report: ScanReport): string {
  const { rules, byId, add } = buildRules(report.provider);

  const results = report.findings.filter(isOpen).map((finding: Finding) => {
    if (!byId.has(finding.checkId)) {
      // A check the catalog does not list still gets a rule, so the log stays valid.
      add({
        id: finding.checkId,
        title: finding.checkId,
        severity: finding.severity,
        evidence: 'kubernetes',
        standards: finding.standards ?? [],
        scope: 'object',
      });
    }
    const { index } = byId.get(finding.checkId)!;
    const location = locateFinding(report, finding);
    const logical = {
      fullyQualifiedName: describeResource(finding.resource),
      kind: 'resource',
    };
    return {
      ruleId: finding.checkId,
      ruleIndex: index,
      level: sarifLevel(finding.severity),
      message: {
        text: `${describeResource(finding.resource)}: ${finding.message}`,
      },
      locations: [
        {
          ...(location
            ? {
                physicalLocation: {
                  artifactLocation: { uri: toUri(location.file) },
                  ...(location.line
                    ? { region: { startLine: location.line } }
                    : {}),
                },
              }
            : {}),
          logicalLocations: [logical],
        },
      ],
      partialFingerprints: { 'kubeSecurityFinding/v1': finding.id },
      ...(finding.accepted
        ? {
            suppressions: [
              {
                kind: 'inSource',
                status: 'accepted',
                justification: finding.accepted.justification,
              },
            ],
          }
        : {}),
      properties: {
        ...(finding.standards?.length ? { tags: [...finding.standards] } : {}),
        severity: finding.severity,
        status: finding.status,
        itemId: finding.itemId,
        ...(finding.evidencePath ? { evidencePath: finding.evidencePath } : {}),
        ...(finding.exposure?.internet ? { internetExposed: true } : {}),
        ...(finding.accepted
          ? { acceptedUntil: acceptedUntil(finding.accepted) }
          : {}),
      },
    };
  });

  const notification = (
    level: 'error' | 'warning',
    text: string,
    file?: string,
    line?: number,
  ) => ({
    level,
    message: { text },
    ...(file
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(file) },
                ...(line ? { region: { startLine: line } } : {}),
              },
            },
          ],
        }
      : {}),
  });
  const notifications = [
    ...report.errors.map(error =>
      notification('error', error.message, error.file, error.line),
    ),
    // Objects read from a live cluster have no file: their origin names the context.
    ...report.annotationProblems.map(({ message, origin }) =>
      origin?.file && report.files.includes(origin.file)
        ? notification('warning', message, origin.file, origin.line)
        : notification('warning', message),
    ),
  ];

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kube-security',
            version: report.toolVersion,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            ...(notifications.length > 0
              ? { toolExecutionNotifications: notifications }
              : {}),
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Relative paths stay relative URI references; absolute ones become file: URIs. */
function toUri(file: string): string {
  const encoded = file.split('/').map(encodeURIComponent).join('/');
  return file.startsWith('/') ? `file://${encoded}` : encoded;
}
