import { useState } from 'react';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Typography } from '@material-ui/core';
import type {
  Category,
  EntityPlanResponse,
} from '@kube-security/plugin-kube-security-common';
import { kubeSecurityApiRef } from '../../api';
import {
  entityRefOf,
  fileNamePart,
  formatDateTime,
  PlanPdfDownload,
  PrintStyles,
  StaleDataWarning,
  usePrintMode,
} from '../common';
import { DecisionHistory } from '../decisions';
import { DecisionsLoadWarning } from './DecisionsLoadWarning';
import {
  DEFAULT_STATUS_FILTER,
  filterPlanItems,
  StatusFilter,
} from './filterPlanItems';
import { CategoryChips, StatusSelect } from './PlanFilters';
import { PlanHeader } from './PlanHeader';
import { HiddenHeading } from '../common/HiddenHeading';
import { PlanItemAccordion } from './PlanItemAccordion';

/** The loaded plan of one entity: header, category chips, filters, items. */
export const EntityPlanView = ({
  entity,
  response,
}: {
  entity: Entity;
  response: EntityPlanResponse;
}) => {
  const api = useApi(kubeSecurityApiRef);
  const [category, setCategory] = useState<Category | undefined>();
  const [status, setStatus] = useState<StatusFilter>(DEFAULT_STATUS_FILTER);
  const { plan } = response;
  const provider = response.provider ?? plan.provider;
  const visible = filterPlanItems(plan.items, { category, status });
  const ref = entityRefOf(entity);
  const firstOpen = plan.items.find(i => i.status === 'fail');
  const printing = usePrintMode();

  return (
    <Box data-ks-print-root="entity">
      <PrintStyles />
      <Box data-ks-print="only" mb={2}>
        <Typography variant="h4">
          Security action plan: {entity.metadata.title ?? entity.metadata.name}
        </Typography>
        <Typography variant="body2">
          {stringifyEntityRef(entity)} · generated{' '}
          {formatDateTime(response.generatedAt)}
        </Typography>
      </Box>
      {response.stale && (
        <Box mb={2}>
          <StaleDataWarning clusters={response.clusters} />
        </Box>
      )}
      <DecisionsLoadWarning />
      <PlanHeader
        response={response}
        actions={
          <PlanPdfDownload
            fileNameBase={`security-plan-${fileNamePart(
              ref.kind,
            )}-${fileNamePart(ref.namespace)}-${fileNamePart(
              ref.name,
            )}`.toLocaleLowerCase('en-US')}
            fetchBlob={layout => api.getEntityPlanPdf(ref, layout)}
          />
        }
      />
      <Box
        mt={3}
        mb={2}
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        justifyContent="space-between"
        style={{ gap: 16 }}
        data-ks-print="hide"
      >
        <CategoryChips
          categories={plan.categories}
          selected={category}
          onSelect={setCategory}
        />
        <StatusSelect items={plan.items} value={status} onChange={setStatus} />
      </Box>
      {visible.length === 0 ? (
        <Typography variant="body1" color="textSecondary">
          {status === 'open'
            ? 'Nothing needs work here. Choose "All items" in the Status filter to see what passes and what is decided.'
            : 'No item matches these filters.'}
        </Typography>
      ) : (
        <>
          <HiddenHeading id="ks-plan-items-title">Action items</HiddenHeading>
          <div aria-labelledby="ks-plan-items-title" role="list">
            {visible.map(({ item, rank }) => (
              <div role="listitem" key={item.itemId}>
                <PlanItemAccordion
                  item={item}
                  rank={rank}
                  provider={provider}
                  clusters={response.clusters}
                  defaultExpanded={item === firstOpen}
                  forceExpanded={printing}
                />
              </div>
            ))}
          </div>
        </>
      )}
      <Box mt={3}>
        <DecisionHistory entityRef={response.entityRef} />
      </Box>
    </Box>
  );
};
