// Validates simulator responses against GitLab's own JSON schemas (draft-04). The MIT-licensed ones are vendored in
// test/fixtures/gitlab-schemas; the ee/ ones may not be redistributed, so they are read at run time from
// $GITLAB_EE_SCHEMAS_DIR or ../shared/gitlab-api/schemas when present (see that folder's README).
import Ajv, { ValidateFunction } from 'ajv-draft-04';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const BASE = 'https://gitlab-schemas.invalid/';
const V4 = 'spec/fixtures/api/schemas/public_api/v4/';
const EE_V4 = 'ee/spec/fixtures/api/schemas/public_api/v4/';

export const SCHEMA = {
  deployment: `${V4}deployment.json`,
  deploymentExtended: `${EE_V4}deployment_extended.json`,
  deploymentApproval: `${EE_V4}deployment_approval.json`,
  protectedEnvironment: `${EE_V4}protected_environment.json`,
  environment: `${V4}environment.json`,
  environments: `${V4}environments.json`,
  basicEnvironment: `${V4}basic_environment.json`,
  job: `${V4}job.json`,
  project: `${V4}project.json`,
  userBasic: `${V4}user/basic.json`,
  commits: `${V4}commits.json`,
  mergeRequests: `${V4}merge_requests.json`,
  members: `${V4}members.json`,
  /** Ours: GitLab has no schema for `approval_summary` (its entity is ee/lib/api/entities/deployments/approval_summary.rb). */
  approvalSummary: 'local/approval_summary.json',
} as const;

function findRepoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'test', 'simulator'))) return dir;
  }
  throw new Error(`cannot find the repository root above ${__dirname}`);
}

const VENDORED = path.join(findRepoRoot(), 'test', 'fixtures', 'gitlab-schemas');

/** The folder holding GitLab's `ee/spec/fixtures/api/schemas`, or undefined when this machine has none. */
export function eeSchemasDir(): string | undefined {
  const candidates = [
    process.env.GITLAB_EE_SCHEMAS_DIR,
    path.resolve(findRepoRoot(), '..', 'shared', 'gitlab-api', 'schemas'),
  ];
  return candidates.find((dir) => dir && existsSync(path.join(dir, EE_V4)));
}

/** Why EE cases cannot run here, for the skip message; CI sets GDA_REQUIRE_EE_SCHEMAS=1 to fail instead. */
export const EE_SCHEMAS_MISSING =
  'GitLab EE schemas not found (set GITLAB_EE_SCHEMAS_DIR; see test/fixtures/gitlab-schemas/README.md)';

/** Skips the running test when the EE schemas are missing, or fails it where they are required (CI). */
export function requireEeSchemas(validator: SchemaValidator, test: Mocha.Context): void {
  if (validator.hasEe) return;
  if (process.env.GDA_REQUIRE_EE_SCHEMAS === '1') throw new Error(`${EE_SCHEMAS_MISSING}; GDA_REQUIRE_EE_SCHEMAS=1`);
  test.skip();
}

function listJson(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return listJson(full, `${prefix}${name}/`);
    return name.endsWith('.json') ? [`${prefix}${name}`] : [];
  });
}

/**
 * The quirks listed in the schemas' README, handled narrowly on the in-memory copy:
 * 1. deployment.json `user: oneOf[null, user/basic]` rejects `null` because user/basic also allows null → use anyOf (same intent).
 * 3. deployment_extended.json has `additionalProperties: false` *inside* `properties`, i.e. a property named "additionalProperties"
 *    with the boolean schema `false`, which draft-04 does not allow → `{ not: {} }`, the draft-04 spelling of `false`.
 * 2. deployment_approval.json checks `user` only for being an object (`items` on an object) → also check it as user/basic.
 * 5. (not in the README) job.json forbids extra keys but omits `failure_reason`, which GitLab exposes for failed jobs
 *    (e.g. `deployment_rejected`) → allow that one key as a string.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function applyQuirks(relative: string, schema: any): any {
  if (relative === SCHEMA.deployment && schema.properties?.user?.oneOf) {
    schema.properties.user = { anyOf: schema.properties.user.oneOf };
  }
  for (const part of relative === SCHEMA.deploymentExtended ? (schema.allOf ?? []) : []) {
    if (part.properties?.additionalProperties === false) part.properties.additionalProperties = { not: {} };
  }
  if (relative === SCHEMA.deploymentApproval && schema.properties?.user?.type === 'object') {
    schema.properties.user = {
      type: 'object',
      allOf: [{ $ref: '../../../../../../../spec/fixtures/api/schemas/public_api/v4/user/basic.json' }],
    };
  }
  if (relative === SCHEMA.job && schema.properties && !schema.properties.failure_reason) {
    schema.properties.failure_reason = { type: 'string' };
  }
  return schema;
}

/** Our schema for `approval_summary` (ee/lib/api/entities/deployments/approval_summary.rb). */
export const approvalSummarySchema = {
  type: 'object',
  required: ['rules'],
  additionalProperties: false,
  properties: {
    rules: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'id',
          'user_id',
          'group_id',
          'access_level',
          'access_level_description',
          'required_approvals',
          'group_inheritance_type',
          'deployment_approvals',
        ],
        additionalProperties: false,
        properties: {
          id: { type: 'integer' },
          user_id: { type: ['integer', 'null'] },
          group_id: { type: ['integer', 'null'] },
          access_level: { type: ['integer', 'null'] },
          access_level_description: { type: ['string', 'null'] },
          required_approvals: { type: 'integer', minimum: 1, maximum: 5 },
          group_inheritance_type: { type: 'integer', enum: [0, 1] },
          deployment_approvals: { type: 'array', items: { $ref: `../${EE_V4}deployment_approval.json` } },
        },
      },
    },
  },
};

export class SchemaValidator {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();
  readonly loaded: string[];
  readonly hasEe: boolean;

  constructor(eeDir = eeSchemasDir()) {
    this.ajv = new Ajv({ allErrors: true, strict: false });
    this.ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    const ce = listJson(path.join(VENDORED, 'spec'), 'spec/');
    const ee = eeDir ? listJson(path.join(eeDir, 'ee'), 'ee/') : [];
    this.loaded = [...ce, ...ee];
    this.hasEe = ee.length > 0;
    for (const relative of ce) this.add(relative, path.join(VENDORED, relative));
    for (const relative of ee) this.add(relative, path.join(eeDir!, relative));
    // Our approval_summary schema refers to the EE approval schema.
    if (this.hasEe) this.ajv.addSchema(approvalSummarySchema, `${BASE}${SCHEMA.approvalSummary}`);
  }

  private add(relative: string, file: string): void {
    this.ajv.addSchema(applyQuirks(relative, JSON.parse(readFileSync(file, 'utf8'))), `${BASE}${relative}`);
  }

  /** Validation errors as readable strings; empty when the value matches. */
  errors(schema: string, value: unknown): string[] {
    let validate = this.cache.get(schema);
    if (!validate) {
      validate = this.ajv.getSchema(`${BASE}${schema}`);
      if (!validate) throw new Error(`no schema ${schema}`);
      this.cache.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }

  /** Throws with every error when `value` does not match. */
  assert(schema: string, value: unknown, what = schema): void {
    const errors = this.errors(schema, value);
    if (errors.length > 0) throw new Error(`${what} does not match ${schema}:\n  ${errors.slice(0, 10).join('\n  ')}`);
  }
}
