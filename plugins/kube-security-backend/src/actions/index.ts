import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { AccessOptions, createAccess } from '../router/access';
import type { PlanService } from '../service/PlanService';
import { registerEntityPlanAction } from './entityPlanAction';
import { registerExpiringExceptionsAction } from './expiringExceptionsAction';
import { registerOpenFindingsAction } from './openFindingsAction';
import { registerTeamScorecardAction } from './teamScorecardAction';

/**
 * Registers the plugin's read-only actions (for AI assistants, through the actions
 * registry and Backstage's MCP server). Each one reads with the caller's credentials,
 * through the same read scope as the REST API: denied by the read policy, it fails with
 * "not allowed"; otherwise it answers only what the caller may see.
 */
export function registerKubeSecurityActions(
  options: AccessOptions & {
    actionsRegistry: ActionsRegistryService;
    plans: PlanService;
  },
) {
  const deps = {
    actionsRegistry: options.actionsRegistry,
    plans: options.plans,
    access: createAccess(options),
  };
  registerEntityPlanAction(deps);
  registerTeamScorecardAction(deps);
  registerOpenFindingsAction(deps);
  registerExpiringExceptionsAction(deps);
}
