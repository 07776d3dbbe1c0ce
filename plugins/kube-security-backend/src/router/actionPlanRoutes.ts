import { NotFoundError } from '@backstage/errors';
import type {
  ActionItemId,
  Provider,
} from '@kube-security/plugin-kube-security-common';
import type { Router } from 'express';
import type { Access } from './access';
import { actionPlanPdfQuery } from './pdfSchemas';
import { parse } from './schemas';

export interface ActionPlanRouteOptions {
  /**
   * Renders the action plan for one provider; the plugin passes `renderActionPlanPdf` from
   * `src/pdf`. Without it the route answers 404.
   */
  renderActionPlanPdf?: (input: {
    provider: Provider;
    done: ReadonlySet<ActionItemId>;
  }) => Promise<Buffer>;
}

/**
 * The action plan for anyone: the catalog's 19 items for one provider as a PDF, with the
 * items the reader ticked as done after the open ones. It reads no scan data, but like
 * every route it needs a signed-in caller and the read permission.
 */
export function addActionPlanRoutes(
  router: Router,
  access: Access,
  options: ActionPlanRouteOptions,
) {
  router.get('/action-plan.pdf', async (req, res) => {
    await access.readScope(req, { catalog: false });
    const query = parse(actionPlanPdfQuery, req.query, 'query');
    const render = options.renderActionPlanPdf;
    if (!render) throw new NotFoundError('PDF export is not available');
    const pdf = await render({
      provider: query.provider,
      done: query.done ?? new Set(),
    });
    res
      .status(200)
      .type('application/pdf')
      .setHeader(
        'Content-Disposition',
        `attachment; filename="kubernetes-security-action-plan-${query.provider}.pdf"`,
      )
      .send(pdf);
  });
}
