import type { Check } from '../../engine/check';
import type { CloudDescriptor } from '../../snapshot/types';
import { eksAddon, makeAgentCheck, type AgentPattern } from './agents';

const ITEM = 'workload-central-telemetry' as const;

/** Node agents that ship container and host logs (and often metrics) to a central store. */
export const LOG_AGENTS: AgentPattern[] = [
  { name: 'Fluent Bit', pattern: /fluent-?bit/ },
  { name: 'Fluentd', pattern: /fluentd/ },
  { name: 'Vector', pattern: /(^|[^a-z])vector([^a-z]|$)/ },
  { name: 'OpenTelemetry Collector', pattern: /otel|opentelemetry/ },
  { name: 'Datadog Agent', pattern: /datadog/ },
  { name: 'CloudWatch agent', pattern: /cloudwatch-agent|amazon-cloudwatch/ },
  { name: 'Azure Monitor agent', pattern: /ama-logs|omsagent/ },
  { name: 'Splunk OpenTelemetry Collector', pattern: /splunk/ },
  { name: 'Filebeat', pattern: /filebeat|elastic-agent/ },
  { name: 'Promtail', pattern: /promtail/ },
  { name: 'Grafana Agent', pattern: /grafana-agent|(^|[^a-z])alloy([^a-z]|$)/ },
];

function managedLogging(cloud: CloudDescriptor) {
  const cluster = cloud.cluster ?? {};
  if (cloud.provider === 'gke') {
    const components = cluster.loggingConfig?.componentConfig?.enableComponents;
    if (Array.isArray(components)) {
      return {
        enabled: components.includes('WORKLOADS'),
        what: 'Cloud Logging for workloads',
        path: 'cluster.loggingConfig.componentConfig.enableComponents',
      };
    }
    if (typeof cluster.loggingService === 'string') {
      return {
        enabled: cluster.loggingService === 'logging.googleapis.com/kubernetes',
        what: 'Cloud Logging for workloads',
        path: 'cluster.loggingService',
      };
    }
    return undefined;
  }
  if (cloud.provider === 'aks') {
    const addons = cluster.addonProfiles;
    const omsKey = addons
      ? Object.keys(addons).find(k => k.toLowerCase() === 'omsagent')
      : undefined;
    if (omsKey && addons[omsKey]?.enabled === true) {
      return {
        enabled: true,
        what: 'Container insights (Azure Monitor)',
        path: `cluster.addonProfiles.${omsKey}.enabled`,
      };
    }
    const insights = cluster.azureMonitorProfile?.containerInsights;
    if (insights?.enabled === true) {
      return {
        enabled: true,
        what: 'Container insights (Azure Monitor)',
        path: 'cluster.azureMonitorProfile.containerInsights.enabled',
      };
    }
    if (addons || cluster.azureMonitorProfile) {
      return {
        enabled: false,
        what: 'Container insights (Azure Monitor)',
        path: omsKey
          ? `cluster.addonProfiles.${omsKey}.enabled`
          : 'cluster.addonProfiles',
      };
    }
    return undefined;
  }
  const addon = eksAddon(cloud, 'amazon-cloudwatch-observability');
  return addon && { ...addon, what: 'the CloudWatch Observability add-on' };
}

/** Cluster-wide: a log or telemetry agent (or the provider's managed logging) covers the nodes. */
export const logAgentCheck: Check = makeAgentCheck({
  id: `${ITEM}/log-agent`,
  itemId: ITEM,
  patterns: LOG_AGENTS,
  cloudSignal: managedLogging,
  what: 'log or telemetry agent',
  missing:
    'container and node logs stay on the nodes and are lost with them, leaving no trail of an attack',
});
