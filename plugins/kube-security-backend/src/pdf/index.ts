export { renderEntityPlanPdf } from './entityPlanPdf';
export { renderTeamPlanPdf } from './teamPlanPdf';
