export { NoClustersEmptyState } from './NoClustersEmptyState';
export { NotMappedEmptyState } from './NotMappedEmptyState';
export { KubeSecurityErrorPanel, errorStatus } from './ErrorPanel';
export { StaleDataWarning } from './StaleDataWarning';
export { StatusChip } from './StatusChip';
export { SeverityChip } from './SeverityChip';
export { GradeBadge, ScoreSummary, TrendIndicator } from './Score';
export { DownloadButton } from './DownloadButton';
export { PlanPdfDownload } from './PlanPdfDownload';
export { useDownload, saveBlob } from './useDownload';
export { PrintStyles, PRINT_CSS } from './PrintStyles';
export { useClusters } from './useClusters';
export { entityRefOf, teamRefOf } from './entityRefs';
export {
  formatAge,
  formatDate,
  formatDateTime,
  formatPercent,
  fileNamePart,
} from './format';
export {
  STATUS_LABELS,
  STATUS_DESCRIPTIONS,
  SEVERITY_LABELS,
  pluralize,
} from './labels';
export {
  isKubeSecurityAvailable,
  isClusterResource,
  CLUSTER_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from './entityMapping';
export { findActionItem } from './catalog';
export { usePrintMode } from './usePrintMode';
export { usePagedRequest, DEFAULT_PAGE_SIZES } from './usePagedRequest';
export type { PagedRequest } from './usePagedRequest';
export { PagedResults } from './PagedResults';
export { ServerPagination } from './ServerPagination';
export type { ServerPaginationProps } from './ServerPagination';
export { LabelledTable } from './LabelledTable';
