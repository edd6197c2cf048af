// The tools' inputs, checked before anything is read or sent. A language model writes these: every field is untrusted,
// so each is checked for type and range, unknown fields are ignored, and a bad value gets a sentence that says what
// would be accepted. The same rules are in the `inputSchema`s of package.json; VS Code does not enforce those.

import { validateApprovalComment } from '../approvals/validation';
import { InvalidInputError } from '../errors';

export type ListScope = 'awaitingMe' | 'allBlocked';
export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 200;

export interface ListInput {
  scope: ListScope;
  limit: number;
}

export interface DeploymentInput {
  deployment: string;
}

export type Decision = 'approve' | 'reject';

export interface DecideInput extends DeploymentInput {
  decision: Decision;
  comment?: string;
  /** The approval rule to approve for, by the name GitLab gives it. */
  rule?: string;
}

/** `https://host[/path]#<project id>#<deployment id>`, as `deploymentKey` writes it. */
const DEPLOYMENT_ID = /^https?:\/\/[^\s#]+#\d{1,12}#\d{1,12}$/;
const MAX_DEPLOYMENT_ID_LENGTH = 600;
const MAX_RULE_LENGTH = 300;

export function parseListInput(raw: unknown): ListInput {
  const input = asObject(raw);
  const scope = input.scope ?? 'awaitingMe';
  if (scope !== 'awaitingMe' && scope !== 'allBlocked') {
    throw new InvalidInputError('scope', 'scope must be "awaitingMe" or "allBlocked".');
  }
  const limit = input.limit ?? DEFAULT_LIST_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new InvalidInputError('limit', `limit must be a whole number from 1 to ${MAX_LIST_LIMIT}.`);
  }
  return { scope, limit };
}

export function parseDeploymentInput(raw: unknown): DeploymentInput {
  const input = asObject(raw);
  return { deployment: deploymentId(input.deployment) };
}

export function parseDecideInput(raw: unknown): DecideInput {
  const input = asObject(raw);
  const deployment = deploymentId(input.deployment);
  const decision = input.decision;
  if (decision !== 'approve' && decision !== 'reject') {
    throw new InvalidInputError('decision', 'decision must be "approve" or "reject".');
  }
  const comment = optionalString(input.comment, 'comment')?.trim() || undefined;
  const invalid = comment === undefined ? undefined : validateApprovalComment(comment);
  if (invalid) throw invalid;
  const rule = optionalString(input.rule, 'rule')?.trim() || undefined;
  if (rule !== undefined && rule.length > MAX_RULE_LENGTH) {
    throw new InvalidInputError(
      'rule',
      'rule must be the name of one of your approval rules, as the brief lists them.',
    );
  }
  if (rule !== undefined && decision === 'reject') {
    throw new InvalidInputError('rule', 'A rejection applies to the whole deployment: leave rule out when rejecting.');
  }
  return { deployment, decision, comment, rule };
}

function asObject(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InvalidInputError('input', 'The input must be a JSON object.');
  }
  return raw as Record<string, unknown>;
}

function deploymentId(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_DEPLOYMENT_ID_LENGTH || !DEPLOYMENT_ID.test(value)) {
    throw new InvalidInputError(
      'deployment',
      'deployment must be the id of a deployment exactly as the list tool returned it (for example "https://gitlab.example.com#12#345").',
      'malformed deployment id',
    );
  }
  return value;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidInputError(field, `${field} must be a string.`);
  return value;
}
