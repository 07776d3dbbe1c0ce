import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  Check,
  EngineOptions,
  resolveEngineOptions,
} from '@kube-security/plugin-kube-security-node';
import { Recompute } from './aggregate/Recompute';
import type { DecisionSettings } from './config/readConfig';
import type { Stores } from './database/stores';
import { CatalogMapping } from './mapping/CatalogMapping';
import type { Notifier } from './notify/Notifier';
import { ClusterRetirement } from './scan/ClusterRetirement';
import { ScanService } from './scan/ScanService';
import { DecisionService } from './service/DecisionService';
import { PlanService } from './service/PlanService';

export interface KubeSecurityServices {
  mapping: CatalogMapping;
  recompute: Recompute;
  scans: ScanService;
  plans: PlanService;
  decisions: DecisionService;
  /** Clusters removed from the configuration: retired, then pruned. */
  retirement: ClusterRetirement;
  /**
   * Reloads the catalog; when it changed, re-maps stored findings and recomputes the
   * aggregates. True when it changed.
   */
  refreshCatalog(): Promise<boolean>;
}

/**
 * The plugin's services over its stores, wired to each other: scans and decision changes
 * refresh the aggregates, catalog changes re-map and then refresh them. The plugin, the
 * tests and the benchmarks build them here.
 */
export function createServices(options: {
  stores: Stores;
  logger: LoggerService;
  engineOptions: Partial<EngineOptions>;
  /** The checks scans run; the registry's unless a test passes its own. */
  checks?: readonly Check[];
  loadEntities: () => Promise<Entity[]>;
  decisionSettings: DecisionSettings;
  /** Cluster name → the entity ref its cluster-level findings belong to (configuration). */
  clusterEntities?: Record<string, string>;
  /** Cluster name → the Resource the Kubernetes plugin's catalog locator found it through. */
  locatedClusterEntities?: () => ReadonlyMap<string, string>;
  /** Days the findings of a cluster removed from the configuration are kept. Default 30. */
  retiredClusterRetentionDays?: number;
  notifier?: Notifier;
  /** Told of annotation exceptions scans create or revoke (coreServices.auditor). */
  auditor?: AuditorService;
  now?: () => Date;
  /** Whether annotations on objects of a cluster's Resource accept risks. Default false. */
  annotationsOnClusterResources?: boolean;
}): KubeSecurityServices {
  const { stores, logger, notifier, now } = options;
  const mapping = new CatalogMapping({
    scans: stores.scans,
    store: stores.mapping,
    logger,
    loadEntities: options.loadEntities,
    systemNamespaces: new Set(
      resolveEngineOptions(options.engineOptions).systemNamespaces,
    ),
    clusterEntities: options.clusterEntities,
    locatedClusterEntities: options.locatedClusterEntities,
    now,
  });
  const recompute = new Recompute({ stores, mapping, notifier, logger, now });
  const scans = new ScanService({
    stores,
    mapping,
    recompute,
    logger,
    engineOptions: options.engineOptions,
    checks: options.checks,
    maxExceptionDays: options.decisionSettings.maxExceptionDays,
    annotationsOnClusterResources: options.annotationsOnClusterResources,
    notifier,
    auditor: options.auditor,
    now,
  });
  const decisions = new DecisionService({
    stores,
    settings: options.decisionSettings,
    recompute,
    mapping,
    logger,
    notifier,
    now,
    onChange: () => {
      recompute
        .run()
        .catch(e =>
          logger.warn(
            `Could not recompute scores after a decision: ${
              (e as Error).message
            }`,
          ),
        );
    },
  });
  return {
    mapping,
    recompute,
    scans,
    plans: new PlanService({ stores, now }),
    decisions,
    retirement: new ClusterRetirement({
      stores,
      recompute,
      logger,
      retentionDays: options.retiredClusterRetentionDays ?? 30,
      now,
    }),
    async refreshCatalog() {
      const changed = await mapping.refresh();
      if (changed) await recompute.run();
      return changed;
    },
  };
}
