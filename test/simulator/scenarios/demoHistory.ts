// The demo's git histories: every project's main branch with commits and merged merge requests, and every demo
// deployment pointed at a real commit, so a deployment's brief has something to say. Stories (deployment ids):
// 5  api-gateway production: 9 commits and 3 merge requests since what is live (#1), a binary and a too-large file;
// 6  api-gateway staging: the first deployment there, superseded by #16 (newer, same environment, already running);
// 7  billing production: its pipeline has a failed job that was allowed to fail;
// 10 storefront production: an older commit than what is live (#3) — approving it would roll back;
// 8, 12–15: first deployments to their environments.
// Runs after the deployments exist, so every id in demo.ts stays what the README says. No two blocked deployments
// share a commit (tests find rows by short sha).
import type { FileChange } from '../repository';
import type { Project, User } from '../model';
import type { SimState } from '../state';

type Step =
  | { commit: string; by: string; at: number; files: Record<string, FileChange> }
  | {
      mr: string;
      branch: string;
      by: string;
      mergedBy: string;
      at: number;
      commits: { title: string; files: Record<string, FileChange> }[];
    }
  | { deploy: number };

export function seedDemoHistory(state: SimState, now: number): void {
  const t = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  const user = (name: string): User => state.user(name);

  const play = (projectPath: string, initial: Record<string, FileChange>, steps: Step[]) => {
    const project = state.findProject(projectPath)!;
    state.repository.commit({
      project,
      title: 'Initial commit',
      author: user('alice'),
      at: t(-60 * 24 * 30),
      files: initial,
    });
    for (const step of steps) {
      if ('deploy' in step) pointDeploymentAt(state, project, step.deploy);
      else if ('commit' in step)
        state.repository.commit({
          project,
          title: step.commit,
          author: user(step.by),
          at: t(step.at),
          files: step.files,
        });
      else
        state.repository.mergedMergeRequest({
          project,
          projectPath,
          sourceBranch: step.branch,
          title: step.mr,
          author: user(step.by),
          mergedBy: user(step.mergedBy),
          createdAt: t(step.at - 60 * 6),
          mergedAt: t(step.at),
          commits: step.commits.map((c, i) => ({ ...c, at: t(step.at - 60 * 5 + i * 30) })),
        });
    }
  };

  play(
    'acme/platform/api-gateway',
    {
      'README.md': '# API Gateway\n\nEdge routing for all public APIs.\n\nRun it with `npm start`.\n',
      'package.json': '{\n  "name": "api-gateway",\n  "version": "2.3.0",\n  "main": "src/server.ts"\n}\n',
      'src/server.ts': SERVER_TS,
      'src/routes.ts': ROUTES_TS,
      'config/production.yml': 'upstream:\n  timeout_ms: 3000\n  pool_size: 32\n',
      'assets/logo.png': { binary: 4096 },
    },
    [
      {
        mr: 'Log every request with its latency',
        branch: 'request-logging',
        by: 'alice',
        mergedBy: 'bob',
        at: -60 * 24 * 4,
        commits: [
          {
            title: 'Add a request logger',
            files: {
              'src/logger.ts': LOGGER_TS,
              'src/server.ts': SERVER_TS.replace(
                "import { routes } from './routes';",
                "import { routes } from './routes';\nimport { logRequests } from './logger';",
              ).replace('app.use(routes);', 'app.use(logRequests);\napp.use(routes);'),
            },
          },
        ],
      },
      { deploy: 1 },
      {
        mr: 'Rate limit anonymous clients',
        branch: 'rate-limit-anonymous',
        by: 'bob',
        mergedBy: 'alice',
        at: -60 * 24 * 2,
        commits: [
          { title: 'Add a token bucket per client IP', files: { 'src/rateLimit.ts': RATE_LIMIT_TS } },
          {
            title: 'Apply the rate limit to anonymous routes',
            files: {
              'src/routes.ts': ROUTES_TS.replace(
                "routes.get('/v1/status'",
                "routes.use(rateLimit({ perMinute: 120 }));\nroutes.get('/v1/status'",
              ).replace(
                "import { Router } from 'express';",
                "import { Router } from 'express';\nimport { rateLimit } from './rateLimit';",
              ),
              'config/production.yml':
                'upstream:\n  timeout_ms: 3000\n  pool_size: 32\nanonymous:\n  per_minute: 120\n',
            },
          },
        ],
      },
      {
        mr: 'Refresh the logo and regenerate the route table',
        branch: 'new-logo',
        by: 'carol',
        mergedBy: 'bob',
        at: -60 * 24,
        commits: [
          { title: 'New logo', files: { 'assets/logo.png': { binary: 5120 } } },
          { title: 'Regenerate the route table', files: { 'data/routes.generated.json': generatedRoutes(4000) } },
        ],
      },
      {
        commit: 'Fix a typo in the README',
        by: 'demo',
        at: -60 * 20,
        files: { 'README.md': '# API Gateway\n\nEdge routing for all public APIs.\n\nStart it with `npm start`.\n' },
      },
      {
        mr: 'Add a /healthz endpoint',
        branch: 'healthz',
        by: 'dave',
        mergedBy: 'bob',
        at: -60 * 3,
        commits: [
          {
            title: 'Serve /healthz for the load balancer',
            files: {
              'src/health.ts': "export function health() {\n  return { status: 'ok' };\n}\n",
              'src/routes.ts': ROUTES_TS.replace(
                "routes.get('/v1/status'",
                "routes.use(rateLimit({ perMinute: 120 }));\nroutes.get('/healthz', (_req, res) => res.json(health()));\nroutes.get('/v1/status'",
              ).replace(
                "import { Router } from 'express';",
                "import { Router } from 'express';\nimport { health } from './health';\nimport { rateLimit } from './rateLimit';",
              ),
            },
          },
        ],
      },
      { deploy: 5 },
      {
        commit: 'Log the upstream response time',
        by: 'dave',
        at: -115,
        files: { 'src/logger.ts': LOGGER_TS.replace("'ms'", "'ms', res.get('x-upstream-time') ?? '-'") },
      },
      { deploy: 6 },
      {
        mr: 'Tune the upstream connection pool',
        branch: 'pool-size',
        by: 'alice',
        mergedBy: 'bob',
        at: -30,
        commits: [
          {
            title: 'Raise the pool size to 64',
            files: {
              'config/production.yml':
                'upstream:\n  timeout_ms: 3000\n  pool_size: 64\nanonymous:\n  per_minute: 120\n',
            },
          },
        ],
      },
      { deploy: 16 },
    ],
  );

  play(
    'acme/platform/billing-service',
    {
      'README.md': '# Billing Service\n\nInvoices and payments.\n',
      'package.json': '{\n  "name": "billing-service",\n  "dependencies": { "pdfkit": "0.14.0" }\n}\n',
      'src/invoices.ts': 'export function renderInvoice(id: string) {\n  return `invoice ${id}`;\n}\n',
    },
    [
      {
        mr: 'Send invoices as PDF',
        branch: 'pdf-invoices',
        by: 'alice',
        mergedBy: 'bob',
        at: -60 * 24 * 3,
        commits: [
          {
            title: 'Render invoices with pdfkit',
            files: {
              'src/invoices.ts':
                "import PDFDocument from 'pdfkit';\n\nexport function renderInvoice(id: string) {\n  const doc = new PDFDocument();\n  doc.text(`Invoice ${id}`);\n  return doc;\n}\n",
            },
          },
        ],
      },
      { deploy: 2 },
      {
        mr: 'Retry failed card payments once',
        branch: 'retry-payments',
        by: 'carol',
        mergedBy: 'alice',
        at: -60 * 6,
        commits: [
          {
            title: 'Retry a declined card once after 30 seconds',
            files: {
              'src/payments.ts':
                'export async function charge(card: string, cents: number, attempt = 1): Promise<boolean> {\n  const ok = await gateway(card, cents);\n  if (!ok && attempt === 1) return retryLater(card, cents);\n  return ok;\n}\n',
            },
          },
        ],
      },
      {
        commit: 'Bump pdfkit to 0.15.0',
        by: 'bob',
        at: -60 * 4,
        files: { 'package.json': '{\n  "name": "billing-service",\n  "dependencies": { "pdfkit": "0.15.0" }\n}\n' },
      },
      { deploy: 7 },
      {
        commit: 'Round invoice totals to the cent',
        by: 'bob',
        at: -55,
        files: { 'src/totals.ts': 'export const cents = (amount: number) => Math.round(amount * 100) / 100;\n' },
      },
      { deploy: 17 },
      {
        commit: 'Show the currency on every invoice line',
        by: 'alice',
        at: -30,
        files: {
          'src/lines.ts': 'export const line = (amount: string, currency: string) => `${amount} ${currency}`;\n',
        },
      },
      { deploy: 18 },
    ],
  );
  allowedToFail(state, 7, 'dependency_scanning');

  play(
    'acme/platform/auth-service',
    {
      'README.md': '# Auth Service\n\nLogin, sessions and tokens.\n',
      'src/sessions.ts': 'export const SESSION_LIFETIME_HOURS = 24;\n',
    },
    [
      {
        mr: 'Shorter session lifetime',
        branch: 'short-sessions',
        by: 'dave',
        mergedBy: 'alice',
        at: -60 * 24,
        commits: [
          {
            title: 'Sessions last 8 hours',
            files: {
              'src/sessions.ts': 'export const SESSION_LIFETIME_HOURS = 8;\n',
              'db/migrate/20260209_expire_sessions.sql':
                'UPDATE sessions SET expires_at = created_at + interval 8 hour;\n',
            },
          },
        ],
      },
      { deploy: 4 },
      {
        mr: 'Fix the session migration',
        branch: 'fix-session-migration',
        by: 'dave',
        mergedBy: 'alice',
        at: -60 * 3,
        commits: [
          {
            title: 'Expire sessions in batches',
            files: {
              'db/migrate/20260209_expire_sessions.sql':
                'UPDATE sessions SET expires_at = created_at + interval 8 hour WHERE id BETWEEN :start AND :end;\n',
            },
          },
        ],
      },
      { deploy: 8 },
    ],
  );

  play(
    'acme/web/storefront',
    {
      'README.md': '# Storefront\n\nThe public shop.\n',
      'src/checkout.ts': 'export function checkout(cart: string[]) {\n  return { items: cart.length };\n}\n',
      'content/products.md': '# Products\n\nOur best sellers.\n',
    },
    [
      {
        mr: 'Checkout: remember the last address',
        branch: 'remember-address',
        by: 'carol',
        mergedBy: 'bob',
        at: -60 * 24 * 4,
        commits: [
          {
            title: 'Store the last shipping address',
            files: {
              'src/checkout.ts':
                'export function checkout(cart: string[], lastAddress?: string) {\n  return { items: cart.length, address: lastAddress };\n}\n',
            },
          },
        ],
      },
      {
        commit: 'Update the product copy',
        by: 'erin',
        at: -60 * 24 * 3,
        files: { 'content/products.md': '# Products\n\nOur best sellers, picked by you.\n' },
      },
      { deploy: 10 },
      {
        mr: 'Checkout redesign behind a flag',
        branch: 'checkout-redesign',
        by: 'bob',
        mergedBy: 'carol',
        at: -60 * 24 * 2,
        commits: [
          {
            title: 'New checkout page behind the checkout_v2 flag',
            files: { 'src/checkoutV2.ts': "export const CHECKOUT_V2 = process.env.FLAG_CHECKOUT_V2 === 'on';\n" },
          },
        ],
      },
      { deploy: 3 },
      {
        mr: 'Cache product images for a day',
        branch: 'image-cache',
        by: 'carol',
        mergedBy: 'bob',
        at: -60 * 5,
        commits: [
          { title: 'Cache-Control for product images', files: { 'config/cache.yml': 'images:\n  max_age: 86400\n' } },
        ],
      },
      { deploy: 9 },
      {
        commit: 'Send 5% of the traffic to the canary',
        by: 'carol',
        at: -50,
        files: { 'config/cache.yml': 'images:\n  max_age: 86400\ncanary:\n  weight: 5\n' },
      },
      { deploy: 11 },
    ],
  );

  play('acme/web/admin-portal', { 'README.md': '# Admin Portal\n\nBack office.\n' }, [
    {
      mr: 'Audit log page',
      branch: 'audit-log',
      by: 'demo',
      mergedBy: 'bob',
      at: -60 * 2,
      commits: [{ title: 'List audit events', files: { 'src/auditLog.ts': 'export const PAGE_SIZE = 50;\n' } }],
    },
    { deploy: 12 },
  ]);

  play('acme/web/docs-site', { 'README.md': '# Docs Site\n\nProduct documentation.\n' }, [
    {
      commit: 'Document deployment approvals',
      by: 'demo',
      at: -60,
      files: { 'docs/approvals.md': '# Deployment approvals\n\nProduction needs one Maintainer.\n' },
    },
    { deploy: 13 },
  ]);

  play('acme/mobile-backend', { 'README.md': '# Mobile Backend\n\nAPIs for the mobile apps.\n' }, [
    {
      mr: 'Push notifications for orders',
      branch: 'order-push',
      by: 'bob',
      mergedBy: 'alice',
      at: -60 * 5,
      commits: [
        {
          title: 'Notify when an order ships',
          files: { 'src/push.ts': 'export const ORDER_SHIPPED = "order.shipped";\n' },
        },
      ],
    },
    { deploy: 14 },
    {
      commit: 'Enable verbose logging on staging',
      by: 'demo',
      at: -30,
      files: { 'config/staging.yml': 'log_level: debug\n' },
    },
    { deploy: 15 },
  ]);
}

/** Points a seeded deployment (and its pipeline and job) at the branch head of its project. */
function pointDeploymentAt(state: SimState, project: Project, deploymentId: number): void {
  const deployment = state.deployments.get(deploymentId);
  if (!deployment || deployment.projectId !== project.id)
    throw new Error(`no deployment ${deploymentId} in ${project.path}`);
  const sha = state.repository.branchHead(project, deployment.ref)!;
  deployment.sha = sha;
  const job = state.jobOf(deployment)!;
  job.sha = sha;
  state.pipelines.get(job.pipelineId)!.sha = sha;
}

/** A failed job that was allowed to fail, in the pipeline of a deployment (the deploy job still waits). */
function allowedToFail(state: SimState, deploymentId: number, name: string): void {
  const deployment = state.deployments.get(deploymentId)!;
  const pipeline = state.pipelines.get(state.jobOf(deployment)!.pipelineId)!;
  const user = state.users.get(deployment.userId)!;
  state.addJob({ pipeline, user, name: 'build', stage: 'build', status: 'success', at: deployment.createdAt });
  const failed = state.addJob({ pipeline, user, name, stage: 'test', status: 'failed', at: deployment.createdAt });
  failed.allowFailure = true;
}

function generatedRoutes(count: number): string {
  const lines = Array.from(
    { length: count },
    (_, i) =>
      `  { "path": "/v1/resource-${i}", "upstream": "service-${i % 7}", "timeout_ms": 3000 }${i === count - 1 ? '' : ','}`,
  );
  return `[\n${lines.join('\n')}\n]\n`;
}

const SERVER_TS = `import express from 'express';
import { routes } from './routes';

const app = express();
app.use(routes);

app.listen(Number(process.env.PORT ?? 8080));
`;

const ROUTES_TS = `import { Router } from 'express';

export const routes = Router();

routes.get('/v1/status', (_req, res) => res.json({ up: true }));
routes.all('/v1/*', (req, res) => res.status(502).end());
`;

const LOGGER_TS = `import type { NextFunction, Request, Response } from 'express';

export function logRequests(req: Request, res: Response, next: NextFunction) {
  const started = Date.now();
  res.on('finish', () => console.log(req.method, req.path, res.statusCode, Date.now() - started, 'ms'));
  next();
}
`;

const RATE_LIMIT_TS = `import type { NextFunction, Request, Response } from 'express';

const buckets = new Map<string, { tokens: number; at: number }>();

export function rateLimit({ perMinute }: { perMinute: number }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const now = Date.now();
    const bucket = buckets.get(req.ip ?? '') ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute) - 1;
    bucket.at = now;
    buckets.set(req.ip ?? '', bucket);
    if (bucket.tokens < 0) return res.status(429).set('Retry-After', '60').end();
    next();
  };
}
`;
