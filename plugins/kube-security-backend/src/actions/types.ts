import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { Access } from '../router/access';
import type { PlanService } from '../service/PlanService';

/** What every action reads with: the caller's read scope, and the plugin's read side. */
export interface ActionDeps {
  actionsRegistry: ActionsRegistryService;
  access: Pick<Access, 'scopeFor' | 'readableEntity'>;
  plans: PlanService;
}
