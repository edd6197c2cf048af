import * as assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../simulator';
import { api } from './helpers';

/** What a browser gets at a URL: no token, as Open in GitLab sends none. */
async function page(url: string): Promise<{ status: number; type: string; html: string }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type') ?? '', html: await response.text() };
}

describe('simulator: the web pages behind its web_urls', () => {
  for (const basePath of ['', '/gitlab']) {
    describe(basePath ? `under ${basePath}` : 'at the root', () => {
      let sim: Simulator;
      before(async () => {
        sim = await startSimulator({ scenario: 'demo', basePath });
      });
      after(() => sim.close());

      it('serves the project, environment, deployment, pipeline and job pages, each saying what it stands for', async () => {
        const deployment = (await api(sim, '/projects/1/deployments/5')).body;
        const project = (await api(sim, '/projects/1')).body;
        const environmentUrl = `${project.web_url}/-/environments/${deployment.environment.id}`;
        const pages: [string, RegExp][] = [
          [project.web_url, /<h1>Project acme\/platform\/api-gateway<\/h1>/],
          [environmentUrl, new RegExp(`<h1>Environment ${deployment.environment.name}</h1>`)],
          [
            `${environmentUrl}/deployments/${deployment.iid}`,
            new RegExp(`<h1>Deployment #${deployment.iid} to ${deployment.environment.name}</h1>[^]*blocked`),
          ],
          [
            deployment.deployable.pipeline.web_url,
            new RegExp(`<h1>Pipeline #${deployment.deployable.pipeline.id}</h1>`),
          ],
          [
            deployment.deployable.web_url,
            new RegExp(`<h1>Job ${deployment.deployable.name} #${deployment.deployable.id}</h1>`),
          ],
        ];
        for (const [url, heading] of pages) {
          assert.ok(url.startsWith(sim.url), url);
          const answer = await page(url);
          assert.equal(answer.status, 200, url);
          assert.match(answer.type, /^text\/html/);
          assert.match(answer.html, heading, url);
          assert.match(answer.html, /stands for/);
        }
        assert.equal(sim.requestLog.all().at(-1)?.route, 'web.page');
      });

      it("answers GitLab's 404 page for what does not exist", async () => {
        const project = (await api(sim, '/projects/1')).body;
        for (const url of [
          `${project.web_url}/-/environments/999999`,
          `${project.web_url}/-/environments/1/deployments/999999`,
          `${project.web_url}/-/jobs/999999`,
          `${sim.url}/no/such/project`,
          `${sim.url}/1`,
        ]) {
          const answer = await page(url);
          assert.equal(answer.status, 404, url);
          assert.match(answer.html, /could not be found/);
        }
      });

      it('escapes what the model holds', async () => {
        const created = sim.createBlockedDeployment({
          project: 'acme/platform/api-gateway',
          environment: 'staging',
          ref: '<script>alert(1)</script>',
        });
        const project = (await api(sim, '/projects/1')).body;
        const answer = await page(
          `${project.web_url}/-/environments/${created.deployment.environmentId}/deployments/${created.deployment.iid}`,
        );
        assert.equal(answer.status, 200);
        assert.ok(!answer.html.includes('<script>'));
        assert.match(answer.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      });
    });
  }
});
