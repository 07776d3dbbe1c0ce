import type { AuditorService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type {
  ActionItemId,
  Provider,
} from '@kube-security/plugin-kube-security-common';
import type { Router } from 'express';
import type { Access } from './access';
import { audited } from './audit';
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
  /** Records the export (coreServices.auditor). */
  auditor?: AuditorService;
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
    const { query, pdf } = await audited(
      options.auditor,
      req,
      {
        eventId: 'export',
        meta: {
          format: 'pdf',
          queryType: 'action-plan',
          target: String(req.query.provider ?? ''),
        },
      },
      async () => {
        await access.readScope(req, { catalog: false });
        const asked = parse(actionPlanPdfQuery, req.query, 'query');
        const render = options.renderActionPlanPdf;
        if (!render) throw new NotFoundError('PDF export is not available');
        return {
          query: asked,
          pdf: await render({
            provider: asked.provider,
            done: asked.done ?? new Set(),
          }),
        };
      },
      result => ({ bytes: result.pdf.length }),
    );
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
