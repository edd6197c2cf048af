// An addition to the demo scenario: `demo/schema-registry`, whose waiting deployments change more than GitLab's compare
// shows in full (docs/gitlab-behaviour.md#compare-results-gitlab-collapses). production: 122 files — the schema's
// 30 KB patch comes collapsed (a later patch of 20 KB or more), and so do the fixtures past the 100th file. staging:
// 1,001 new files — GitLab lists 1,000 and sets `compare_timeout`. Both are plain manual jobs of demo's own project.
import type { SimState } from '../state';

export interface LargeChange {
  /** The schema file's path and its text before (live) and after (the production deployment). */
  schemaPath: string;
  schemaBefore: string;
  schemaAfter: string;
}

const SCHEMA_PATH = 'db/schema.sql';

export function addLargeChange(state: SimState, now = Date.now()): LargeChange {
  const t = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  const demo = state.user('demo');
  const project = state.addProject({
    name: 'Schema Registry',
    path: 'schema-registry',
    owner: demo,
    description: 'Event schemas',
    at: t(-60 * 24 * 30),
  });
  const columns = (type: string) =>
    Array.from({ length: 1500 }, (_, i) => `  column_${i} ${type} NOT NULL,`).join('\n') + '\n';
  const schemaBefore = `CREATE TABLE events (\n${columns('integer')});\n`;
  const schemaAfter = `CREATE TABLE events (\n${columns('bigint')});\n`;
  const live = state.repository.commit({
    project,
    title: 'Initial schema',
    author: demo,
    at: t(-60 * 24 * 2),
    files: { 'README.md': '# Schema Registry\n', [SCHEMA_PATH]: schemaBefore },
  });
  const fixtures = (count: number, dir: string) =>
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`${dir}/${String(i).padStart(4, '0')}.json`, `{"n":${i}}\n`]),
    );
  const wide = state.repository.commit({
    project,
    title: 'Widen every column to bigint, regenerate the fixtures',
    author: demo,
    at: t(-60),
    files: {
      'README.md': '# Schema Registry\n\nColumns are bigint.\n',
      [SCHEMA_PATH]: schemaAfter,
      ...fixtures(120, 'fixtures'),
    },
  });
  const bulk = state.repository.commit({
    project,
    branch: 'bulk-import',
    parents: [live.sha],
    title: 'Import the partner catalogue',
    author: demo,
    at: t(-30),
    files: fixtures(1001, 'catalogue'),
  });
  for (const [name, sha, ref] of [
    ['production', wide.sha, 'main'],
    ['staging', bulk.sha, 'bulk-import'],
  ] as const) {
    const environment = state.addEnvironment({ project, name, at: t(-60 * 24 * 2) });
    state.addDeployment({
      project,
      environment,
      triggeredBy: demo,
      ref: 'main',
      sha: live.sha,
      jobStatus: 'success',
      at: t(-60 * 24),
    });
    state.addBlockedDeployment({ project, environment, triggeredBy: demo, ref, sha, at: t(-20) });
  }
  return { schemaPath: SCHEMA_PATH, schemaBefore, schemaAfter };
}
