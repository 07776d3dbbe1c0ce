import type {
  Category,
  GrantRef,
  ItemStatusEntry,
  PlanItem,
  Score,
  TeamAction,
  TeamSummary,
} from '@kube-security/plugin-kube-security-common';

/*
 * The aggregates the overview reads, as every layer sees them: the recompute builds them,
 * the aggregate store keeps them, the services answer with them. Types only, so that the
 * store at the bottom and the roll-up above it share one definition.
 */

/** An RBAC binding on one cluster, as open findings name it (see `Finding.grant`). */
export interface ClusterGrant extends GrantRef {
  cluster: string;
}

/**
 * A plan item without its findings: what summaries keep, with the bindings its open
 * findings name (absent when none, and in summaries stored before they were kept).
 */
export type PlanItemSummary = Omit<PlanItem, 'findings'> & {
  grants?: ClusterGrant[];
};

export interface EntitySummary {
  entityRef: string;
  title?: string;
  ownerRefs: string[];
  provider?: string;
  clusters: string[];
  score: Score;
  openItems: number;
  dataFrom?: string;
  statuses: ItemStatusEntry[];
  topItems: PlanItemSummary[];
}

/** A team seen through one category: its score there and its most important open item. */
export interface CategoryView {
  score: Score;
  topItem?: TeamSummary['topItem'];
}

/** What the overview and scorecard read for a team, computed when data changes. */
export interface TeamRollup {
  summary: TeamSummary;
  clusters: string[];
  providers: string[];
  /** Every entity of the team and its child teams. */
  entityRefs: string[];
  /**
   * The distinct cluster lists of those entities: the team's last scan is the newest of
   * their oldest good scans, read with the clusters' current scan times (absent in
   * roll-ups stored before it existed).
   */
  scanClusters?: string[][];
  topActions: TeamAction[];
  /**
   * The team per category, for the overview's category filter (absent in roll-ups stored
   * before it existed).
   */
  categoryViews?: Record<Category, CategoryView>;
  categories: Array<{
    category: Category;
    open: number;
    total: number;
    score: number | null;
  }>;
}

/** One day's score of an entity or team, as the score history keeps it. */
export interface ScorePoint {
  entityRef: string;
  score: number | null;
  grade: string | null;
  coverage: number;
  openItems: number;
}
