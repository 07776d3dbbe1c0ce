import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  kubeSecurityFindingsReadPermission,
  kubeSecurityPermissions,
} from '@kube-security/plugin-kube-security-common';
import {
  KubeSecurityCollector,
  kubeSecurityCollectorsExtensionPoint,
} from '@kube-security/plugin-kube-security-node';
import { registerKubeSecurityActions } from './actions';
import { SnapshotDirectoryCollector } from './collectors/SnapshotDirectoryCollector';
import {
  createApiClusterCollector,
  createKubernetesPluginCollector,
} from './collectors/apiClusters';
import { isoToHumanDuration } from './config/durations';
import { readKubeSecurityConfig } from './config/readConfig';
import { createStores } from './database/stores';
import { Notifier } from './notify/Notifier';
import {
  renderActionPlanPdf,
  renderEntityPlanPdf,
  renderTeamPlanPdf,
} from './pdf';
import { createRouter } from './router';
import { ClusterSourceSet } from './scan/ClusterSourceSet';
import { ReplayClock, replayHistory } from './scan/HistoryReplay';
import { clusterSources, type ClusterSource } from './scan/ScanService';
import {
  durationMs,
  replicaTiming,
  SharedScanScheduler,
} from './scan/SharedScanScheduler';
import { findingResourceRef, findingRules } from './service/findingRules';
import { createServices } from './services';

const scanTaskId = (cluster: string) => `kube-security:scan:${cluster}`;

/**
 * The Kube Security backend plugin: scans clusters on a schedule, stores findings per
 * cluster, maps them to catalog entities and serves action plans, the org overview and team
 * scorecards under /api/kube-security.
 *
 * @public
 */
export const kubeSecurityPlugin = createBackendPlugin({
  pluginId: 'kube-security',
  register(env) {
    const extraCollectors: KubeSecurityCollector[] = [];
    env.registerExtensionPoint(kubeSecurityCollectorsExtensionPoint, {
      addCollector(...collectors) {
        extraCollectors.push(...collectors);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        notifications: notificationService,
        auditor: coreServices.auditor,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        lifecycle,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        catalog,
        notifications,
        auditor,
        actionsRegistry,
      }) {
        permissionsRegistry.addPermissions(kubeSecurityPermissions);
        const settings = readKubeSecurityConfig(config);
        settings.warnings.forEach(w => logger.warn(w));
        // Real time, except while earlier snapshot versions are replayed (demo history).
        const clock = new ReplayClock();
        const stores = await createStores(database, {
          resolvedRetentionDays: settings.resolvedRetentionDays,
          now: clock.now,
        });
        const notifier = new Notifier({
          notifications,
          ledger: stores.notifications,
          logger,
          settings: settings.notifications,
          now: clock.now,
        });
        // The Backstage Kubernetes plugin's clusters (kubernetes.clusterLocatorMethods).
        const kubernetesPluginCollector = createKubernetesPluginCollector(
          settings,
          { config, logger },
        );
        const services = createServices({
          stores,
          auditor,
          annotationsOnClusterResources:
            config.getOptionalBoolean(
              'kubeSecurity.exceptions.annotationsOnClusterResources',
            ) ?? false,
          decisionSettings: settings.decisions,
          clusterEntities: settings.clusterEntities,
          locatedClusterEntities: () =>
            kubernetesPluginCollector?.catalogEntities() ?? new Map(),
          retiredClusterRetentionDays: settings.retiredClusterRetentionDays,
          notifier,
          logger,
          now: clock.now,
          engineOptions: {
            trustedRegistries: settings.trustedRegistries,
            ...(settings.approvedBaseImages && {
              approvedBaseImages: settings.approvedBaseImages,
            }),
          },
          loadEntities: async () => {
            const { items } = await catalog.getEntities(
              {
                filter: [
                  { kind: 'component' },
                  { kind: 'resource' },
                  { kind: 'system' },
                  { kind: 'group' },
                ],
              },
              { credentials: await auth.getOwnServiceCredentials() },
            );
            return items;
          },
        });

        // Reading findings can be granted under the plugin's own conditions (owner,
        // cluster, severity); the permission backend resolves them by finding id.
        permissionsRegistry.addResourceType({
          resourceRef: findingResourceRef,
          permissions: [kubeSecurityFindingsReadPermission],
          rules: Object.values(findingRules),
          getResources: async ids =>
            Promise.all(
              ids.map(async id => {
                const f = await stores.findings.findingById(id);
                if (!f) return undefined;
                return {
                  entityRef: f.entityRef,
                  ownerRefs: f.entityRef
                    ? services.mapping.ownersOf(f.entityRef)
                    : [],
                  cluster: f.resource.cluster,
                  severity: f.severity,
                };
              }),
            ),
        });

        const snapshotCollector = settings.snapshots.length
          ? new SnapshotDirectoryCollector(settings.snapshots)
          : undefined;
        // Earlier versions of snapshot clusters, replayed once before their first scan.
        let replayed: Promise<boolean> | undefined;
        const replayOnce = async () => {
          if (!snapshotCollector || !settings.snapshots.some(s => s.history)) {
            return;
          }
          // Replayed scans mapped to no team leave no history: on a first start the
          // catalog may still be filling, so wait (two minutes at most) until it has
          // teams and stopped changing.
          for (
            let wait = 0, stable = 0;
            !replayed && wait < 24 && stable < 2;
            wait++
          ) {
            await new Promise(r => setTimeout(r, 5000));
            const changed = await services.refreshCatalog().catch(() => true);
            stable =
              !changed && services.mapping.snapshot().teams.size
                ? stable + 1
                : 0;
          }
          replayed ??= replayHistory({
            snapshots: settings.snapshots,
            collector: snapshotCollector,
            scans: services.scans,
            clock,
            logger,
          }).catch(e => {
            logger.warn(
              `Could not replay the snapshot history: ${(e as Error).message}`,
            );
            return true;
          });
          if (!(await replayed)) replayed = undefined;
        };
        const collectors: KubeSecurityCollector[] = [
          ...(snapshotCollector ? [snapshotCollector] : []),
          ...(settings.clusters.some(c => !c.kubernetesPlugin)
            ? [createApiClusterCollector(settings.clusters, logger)]
            : []),
          ...(kubernetesPluginCollector ? [kubernetesPluginCollector] : []),
          ...extraCollectors,
        ];
        const sources = new ClusterSourceSet({
          register: list => services.scans.registerSources(list),
          schedule: source => scheduleScan(source),
          logger,
        });
        const initialSources = await clusterSources(collectors);
        // Each replica schedules the scans of its share of the clusters (scan/SharedScanScheduler).
        const sharedScans = new SharedScanScheduler({
          scheduler,
          replicas: stores.replicas,
          logger,
          ...replicaTiming(
            Math.min(
              ...[settings.frequency, ...initialSources.map(s => s.frequency)]
                .filter((f): f is string => !!f)
                .map(f => durationMs(isoToHumanDuration(f))),
            ),
          ),
          isActive: name => sources.isActive(name),
        });

        // Scans deferred because no catalog could be read yet (and none was stored):
        // they run as soon as the mapping has a catalog.
        const deferred = new Set<string>();
        const refreshCatalog = async () => {
          if (kubernetesPluginCollector?.readsCatalog) {
            // The Kubernetes plugin's catalog locator: kubernetes-cluster Resources, read
            // first so that the mapping pins each such cluster to its Resource.
            try {
              const { items } = await catalog.getEntities(
                {
                  filter: {
                    kind: 'resource',
                    'spec.type': 'kubernetes-cluster',
                  },
                },
                { credentials: await auth.getOwnServiceCredentials() },
              );
              await sources.refreshCatalogClusters(
                kubernetesPluginCollector,
                items,
              );
            } catch (e) {
              logger.warn(
                `Could not read the Kubernetes plugin's catalog clusters; the known ones stay: ${
                  (e as Error).message
                }`,
              );
            }
          }
          try {
            await services.refreshCatalog();
          } catch (e) {
            logger.warn(
              `Could not read the catalog for mapping; the last good mapping stays in use: ${
                (e as Error).message
              }`,
            );
          }
          if (!deferred.size || !services.mapping.isReady()) return;
          for (const cluster of [...deferred]) {
            deferred.delete(cluster);
            await scheduler
              .triggerTask(scanTaskId(cluster))
              .catch(e =>
                logger.warn(
                  `Could not start the deferred scan of ${cluster}: ${
                    (e as Error).message
                  }`,
                ),
              );
          }
        };
        // Every replica reads the catalog for its own mapping; a change is re-mapped in
        // the database by one of them (the mapping row is locked while it is).
        await scheduler.scheduleTask({
          id: 'kube-security:catalog-mapping',
          frequency: isoToHumanDuration(settings.catalogRefresh),
          timeout: { minutes: 5 },
          initialDelay: { seconds: 2 },
          scope: 'local',
          fn: refreshCatalog,
        });
        // Clusters no longer configured are retired, and pruned after the retention.
        await scheduler.scheduleTask({
          id: 'kube-security:retired-clusters',
          frequency: { hours: 6 },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 20 },
          scope: 'global',
          fn: async () => {
            // Catalog clusters are unknown until the catalog was read: retire nothing yet.
            if (
              kubernetesPluginCollector?.readsCatalog &&
              !kubernetesPluginCollector.catalogRead
            ) {
              return;
            }
            await services.retirement.retireUnconfigured(
              sources.active().map(s => s.name),
            );
            await services.retirement.prune();
          },
        });
        async function scheduleScan(source: ClusterSource) {
          const frequency = isoToHumanDuration(
            source.frequency ?? settings.frequency,
          );
          await sharedScans.add(source.name, {
            id: scanTaskId(source.name),
            frequency,
            timeout: isoToHumanDuration(settings.timeout),
            initialDelay: settings.scanOnStartup ? { seconds: 5 } : frequency,
            fn: async (signal, spaced) => {
              // A catalog cluster removed from the catalog is not scanned any more.
              if (!sources.isActive(source.name)) return;
              await refreshCatalog();
              await replayOnce();
              await spaced();
              // Stopped while it waited (the backend shuts down): no scan at all.
              if (signal.aborted) return;
              const outcome = await services.scans.scan(source, signal);
              if (outcome.status === 'deferred') deferred.add(source.name);
            },
          });
        }
        await sources.add(initialSources);
        await sharedScans.start();
        lifecycle.addShutdownHook(() => sharedScans.stop());
        // Notifications whose send failed, or whose sender died before confirming them.
        await scheduler.scheduleTask({
          id: 'kube-security:notifications',
          frequency: { minutes: 5 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          scope: 'global',
          fn: async () => {
            const sent = await notifier.retryPending();
            if (sent) logger.info(`Delivered ${sent} notifications on retry`);
          },
        });
        await scheduler.scheduleTask({
          id: 'kube-security:decisions',
          frequency: isoToHumanDuration(settings.decisions.checkFrequency),
          timeout: { minutes: 10 },
          initialDelay: { seconds: 30 },
          scope: 'global',
          fn: async () => {
            const { expired, reminded } =
              await services.decisions.checkDecisions(
                settings.notifications.expiryReminderDays,
              );
            if (expired || reminded) {
              logger.info(
                `Decisions checked: ${expired} expired, ${reminded} expiry reminders sent`,
              );
            }
          },
        });
        if (
          !sources.active().length &&
          !kubernetesPluginCollector?.readsCatalog
        ) {
          logger.info(
            'No clusters are configured under kubeSecurity (clusters, snapshots), for the Kubernetes plugin, or added by modules; nothing will be scanned',
          );
        }

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            logger,
            catalog,
            scans: services.scans,
            plans: services.plans,
            decisions: services.decisions,
            ownersOf: ref => services.mapping.ownersOf(ref),
            triggerScan: async cluster => {
              if (!sources.isActive(cluster)) return false;
              await scheduler.triggerTask(scanTaskId(cluster));
              return true;
            },
            renderPdf: { entity: renderEntityPlanPdf, team: renderTeamPlanPdf },
            renderActionPlanPdf,
            auditor,
          }),
        );
        // Read-only actions for AI assistants (the MCP server), with the same read checks.
        registerKubeSecurityActions({
          actionsRegistry,
          httpAuth,
          permissions,
          catalog,
          ownersOf: ref => services.mapping.ownersOf(ref),
          plans: services.plans,
        });
      },
    });
  },
});
