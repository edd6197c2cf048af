// Validates simulator responses against GitLab's own JSON schemas (draft-04), read at run time from
// ../shared/gitlab-api/schemas (or $GITLAB_SCHEMAS_DIR). The ee/ files are never copied into this repository.
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
  /** Ours: GitLab has no schema for `approval_summary` (REFERENCE §8). */
  approvalSummary: 'local/approval_summary.json',
} as const;

function findRepoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'test', 'simulator'))) return dir;
  }
  throw new Error(`cannot find the repository root above ${__dirname}`);
}

export function schemasDir(): string {
  return process.env.GITLAB_SCHEMAS_DIR ?? path.resolve(findRepoRoot(), '..', 'shared', 'gitlab-api', 'schemas');
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

/** Our schema for `approval_summary` (ee/lib/api/entities/deployments/approval_summary.rb, REFERENCE §2.3). */
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

  constructor(dir = schemasDir()) {
    if (!existsSync(dir)) throw new Error(`GitLab schemas not found at ${dir} (set GITLAB_SCHEMAS_DIR)`);
    this.ajv = new Ajv({ allErrors: true, strict: false });
    this.ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    this.loaded = listJson(dir);
    for (const relative of this.loaded) {
      const schema = applyQuirks(relative, JSON.parse(readFileSync(path.join(dir, relative), 'utf8')));
      this.ajv.addSchema(schema, `${BASE}${relative}`);
    }
    this.ajv.addSchema(approvalSummarySchema, `${BASE}${SCHEMA.approvalSummary}`);
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
