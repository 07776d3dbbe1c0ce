export { ActionPlanPage } from './ActionPlanPage';
