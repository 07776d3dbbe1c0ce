import type { Category, Grade } from './types';

/**
 * Rank of a grade as a number, so that a rules engine can compare grades:
 * A = 5, B = 4, C = 3, D = 2, F = 1 ("B or better" is a rank of at least 4).
 */
export const GRADE_RANK: Readonly<Record<Grade, number>> = {
  A: 5,
  B: 4,
  C: 3,
  D: 2,
  F: 1,
};

/**
 * The security facts of one catalog entity (a Component, Resource or System with
 * findings, or a team), as scorecards such as Tech Insights read them.
 */
export interface EntitySecurityFacts {
  /** e.g. `component:default/payments-api` (lower case, as the plugin keys entities). */
  entityRef: string;
  /** 0..100, or null when no item had evidence. */
  score: number | null;
  grade: Grade | null;
  /** `GRADE_RANK` of the grade, or null without a grade. */
  gradeRank: number | null;
  /** 0..1: the share of the applicable weight that had evidence. */
  coverage: number;
  /** Items that still need work (fail, partial or unknown), by category. */
  openByCategory: Record<Category, number>;
  /**
   * Open findings (failing or warning) of critical and of high severity that no active
   * exception covers. A team counts those of every entity it answers for.
   */
  openFindings: { critical: number; high: number };
  exceptions: {
    /**
     * Exceptions that ran out without being revoked while a finding they covered is still
     * open and no active exception covers it: the accepted risk is back and nobody
     * decided again.
     */
    expired: number;
    /** Active exceptions that expire within `EXPIRING_SOON_DAYS` days. */
    expiringSoon: number;
  };
  /** When the data was collected (the oldest good scan behind it). */
  dataFrom?: string;
}

/** `GET /entity-facts`: a page of the facts of the entities the caller may see. */
export interface EntityFactsResponse {
  entities: EntitySecurityFacts[];
  /** How many entities the caller may see in all. */
  total: number;
  offset: number;
  limit: number;
}
