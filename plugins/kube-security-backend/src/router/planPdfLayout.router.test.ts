import { mockCredentials } from '@backstage/backend-test-utils';
import {
  CATEGORIES,
  CATEGORY_TITLES,
  Provider,
  PROVIDERS,
  PROVIDER_TITLES,
} from '@kube-security/plugin-kube-security-common';
import request from 'supertest';
import { startDemo } from '../__testUtils__/startDemo';
import { extractText } from '../pdf/__testUtils__/fixtures';

const user = mockCredentials.user.header();
const API = '/api/kube-security';

/** supertest buffers application/pdf bodies only when told how. */
function binary(
  res: any,
  callback: (error: Error | null, body: Buffer) => void,
) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('?provider= and ?groupBy= of the entity and team PDFs', () => {
  let server: Awaited<ReturnType<typeof startDemo>>['server'];
  beforeAll(async () => {
    ({ server } = await startDemo());
  }, 60_000);

  async function pdfText(path: string) {
    const res = await request(server)
      .get(`${API}${path}`)
      .set('Authorization', user)
      .buffer(true)
      .parse(binary);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return (await extractText(res.body)).text.replace(/\s+/g, ' ');
  }

  it("prints another provider's steps for an entity, grouped by category", async () => {
    const path = '/entities/component/default/storefront-web/plan';
    const plan = (
      await request(server).get(`${API}${path}`).set('Authorization', user)
    ).body;
    const own = PROVIDER_TITLES[plan.provider as Provider];
    const other = PROVIDERS.find(p => p !== plan.provider)!;
    const plain = await pdfText(`${path}.pdf`);
    expect(plain).toContain(`How to fix it on ${own}`);
    expect(plain).toContain('Open items, most important first');

    const asked = await pdfText(
      `${path}.pdf?provider=${other}&groupBy=category`,
    );
    expect(asked).toContain(`How to fix it on ${PROVIDER_TITLES[other]}`);
    expect(asked).not.toContain(`How to fix it on ${own}`);
    expect(asked).not.toContain('Open items, most important first');
    const after = asked.indexOf('Open items by category');
    const headings = CATEGORIES.map(c =>
      asked.indexOf(`${CATEGORY_TITLES[c]} (`, after + 1),
    );
    expect(headings.every(h => h > after)).toBe(true);
  }, 60_000);

  it("prints the team's top actions with the chosen provider's steps", async () => {
    const text = await pdfText(
      '/teams/default/storefront/plan.pdf?provider=aks&groupBy=category',
    );
    expect(text).toMatch(/Top actions: \w+ security \(\d+ open\)/);
    expect(text).not.toMatch(/on (Amazon EKS|Google GKE) \(/);
    expect(text).toMatch(/on Azure AKS/);
  }, 60_000);

  it('answers 400 for a provider or grouping it does not know', async () => {
    for (const path of [
      '/entities/component/default/storefront-web/plan.pdf?provider=openshift',
      '/teams/default/storefront/plan.pdf?groupBy=severity',
      '/teams/default/storefront/plan.pdf?colour=blue',
    ]) {
      const res = await request(server)
        .get(`${API}${path}`)
        .set('Authorization', user);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.message).toMatch(/^Invalid query: /);
    }
  });
});
