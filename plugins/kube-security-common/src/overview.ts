import type { Finding, Severity } from './types';

/** Exceptions expiring within this many days are counted in the overview's headline. */
export const HEADLINE_EXPIRING_DAYS = 30;

/**
 * The overview's headline: what matters most across the organisation, counted only over
 * what the caller may see. Findings are open ones that still need work (failing or
 * warning, not covered by an active exception).
 */
export interface OverviewHeadline {
  /** Open critical findings. */
  critical: number;
  /** Open high findings. */
  high: number;
  /** Open findings on internet-exposed workloads. */
  internetExposed: number;
  /** Open findings no catalog entity owns. */
  unowned: number;
  /** Of those, the critical ones. */
  unownedCritical: number;
  /** Active exceptions that expire within `expiringWithinDays`. */
  expiringExceptions: number;
  expiringWithinDays: number;
}

export interface OverviewResponse {
  headline: OverviewHeadline;
}

/** The lists the headline links to. */
export type OpenFindingsFilter = 'critical-high' | 'internet-exposed';

export const OPEN_FINDINGS_FILTERS: readonly OpenFindingsFilter[] = [
  'critical-high',
  'internet-exposed',
];

/** The severities each headline list keeps (all when absent). */
export const OPEN_FINDINGS_SEVERITIES: Readonly<
  Record<OpenFindingsFilter, Severity[] | undefined>
> = {
  'critical-high': ['critical', 'high'],
  'internet-exposed': undefined,
};

/** A page of open findings across the organisation, most urgent first, with owners. */
export interface OpenFindingsResponse {
  findings: Array<Finding & { entityRef?: string; entityTitle?: string }>;
  total: number;
  offset: number;
  limit: number;
}
