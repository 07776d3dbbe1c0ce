import { mockServices } from '@backstage/backend-test-utils';
import { createServices } from '../services';
import { loadExampleCatalog } from './exampleCatalog';

type ServicesOptions = Parameters<typeof createServices>[0];

/** The decision settings the tests build their services with (the plugin's defaults). */
export const TEST_DECISION_SETTINGS: ServicesOptions['decisionSettings'] = {
  maxExceptionDays: 180,
  maxAttestationDays: 365,
  checkFrequency: 'PT1H',
};

/**
 * The plugin's services over `stores` as the tests build them: the test decision settings,
 * a mock logger, the default engine options and the example catalog, unless `options`
 * says otherwise.
 */
export function testServices(
  options: Pick<ServicesOptions, 'stores'> & Partial<ServicesOptions>,
) {
  return createServices({
    decisionSettings: { ...TEST_DECISION_SETTINGS },
    logger: mockServices.logger.mock(),
    engineOptions: {},
    loadEntities: async () => loadExampleCatalog(),
    ...options,
  });
}
