/*
 * The Kube Security demo backend: the catalog with the example organization, guest sign-in,
 * the permission framework (Kube Security's example policy), search,
 * notifications and the Kube Security plugin.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: the guest provider for the demo; see https://backstage.io/docs/auth/
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// Every Kube Security route is checked against this policy: the example that ships with
// Kube Security lets an entity's owners (and kubeSecurity.permissionPolicy.securityGroups)
// accept risks and attest, and allows everything else. See docs/permissions.md.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import(
    '@kube-security/plugin-permission-backend-module-kube-security-policy'
  ),
);

// Search uses its in-memory engine; add @backstage/plugin-search-backend-module-pg for
// PostgreSQL-backed search in production.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// The events bus the catalog and signals subscribe to.
backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@kube-security/plugin-kube-security-backend'));
// Live cloud posture: each module does nothing until kubeSecurity.aws / .gcp / .azure is set.
backend.add(import('@kube-security/plugin-kube-security-backend-module-aws'));
backend.add(import('@kube-security/plugin-kube-security-backend-module-gcp'));
backend.add(import('@kube-security/plugin-kube-security-backend-module-azure'));

// Tech Insights: the Kube Security fact retriever and checks run by the JSON rules engine
// (techInsights.factRetrievers and techInsights.factChecker.checks in app-config.yaml).
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(
  import('@kube-security/plugin-tech-insights-backend-module-kube-security'),
);

// AI assistants: the MCP server at /api/mcp-actions/v1 exposes the actions of the plugins
// listed in backend.actions.pluginSources (app-config.yaml), Kube Security's among them.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
