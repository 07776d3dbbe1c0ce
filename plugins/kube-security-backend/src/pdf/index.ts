export { renderActionPlanPdf } from './actionPlanPdf';
export type { ActionPlanPdfInput } from './actionPlanPdf';
export { renderEntityPlanPdf } from './entityPlanPdf';
export { renderTeamPlanPdf } from './teamPlanPdf';
export type { PlanPdfOptions } from './planPdfOptions';
