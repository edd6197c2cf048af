// The write tools: decide (approve or reject) and run. Each asks a person first — prepareInvocation returns a
// confirmation built from the snapshot's facts for the deployment the id names — and invoke acts only when that
// confirmation was shown for this very call and still describes the deployment (ConfirmedCalls). The off switch and
// the tree's availability rules are checked in both steps, because VS Code runs a tool hidden by its `when` clause
// when asked by name.
import * as vscode from 'vscode';
import { ConfirmedCalls, callKey } from '../../core/agentTools/confirmedCalls';
import { parseDecideInput, parseDeploymentInput } from '../../core/agentTools/input';
import { locateDeployment } from '../../core/agentTools/locate';
import {
  planDecision,
  planFingerprint,
  planRun,
  withShippingSummary,
  type Confirmation,
  type PlannedAction,
  type WritePlan,
} from '../../core/agentTools/plans';
import { deploymentSummary } from '../../core/agentTools/results';
import type { MyRule } from '../../core/actions/approvalRules';
import { runBriefWarnings } from '../../core/actions/runConfirmation';
import { actOnDeployment, type DeploymentWrite } from '../../core/actions/runner';
import { isGitLabError } from '../../core/errors';
import { FOUR_EYES_SOURCE } from '../../core/brief';
import { independentApprovalRefusal, knownFourEyesSentences, people } from '../fourEyes';
import { INELIGIBILITY_TEXT, NOT_COUNTED_TEXT } from '../../core/presentation';
import type { LocatedDeployment } from '../../core/refresh/snapshot';
import { signalOf } from '../commands/feedback';
import type { CommandContext } from '../commands/commandContext';
import { confirmRunDuringFreeze, runFreezeNote } from '../commands/confirmRun';
import type { Briefs } from '../deploymentPage/briefs';
import { agentActionsAllowed, AGENT_ACTIONS_SETTING, SECTION } from '../settings';
import { confirmationWords } from './confirmationWords';
import { confirmationMessages, jsonResult, refusedResult } from './presentation';

export interface WriteToolContext extends CommandContext {
  confirmed: ConfirmedCalls;
  /** The deployment page's briefs: a confirmation names what the deployment ships when one was already read. */
  briefs: Briefs;
}

const TURNED_OFF = `Changes from the chat agent are turned off (setting ${SECTION}.${AGENT_ACTIONS_SETTING}); the user can approve, reject and run from the GitLab Approvals view.`;

/** One write tool: how it reads its input and plans; preparing, confirming and acting are shared. */
abstract class WriteTool implements vscode.LanguageModelTool<unknown> {
  constructor(
    readonly name: string,
    protected readonly context: WriteToolContext,
  ) {}

  protected abstract plan(raw: unknown): { key: string; located: LocatedDeployment; plan: WritePlan };
  protected abstract progressText(): string;

  /** What an already read brief adds to the confirmation; outside the plan's fingerprint, as the shipping summary. */
  protected withKnownBrief(confirmation: Confirmation, _located: LocatedDeployment): Confirmation {
    return confirmation;
  }

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): vscode.PreparedToolInvocation {
    if (!agentActionsAllowed()) return { invocationMessage: this.progressText() };
    const { key, located, plan } = this.plan(options.input);
    this.context.confirmed.remember(key, planFingerprint(plan));
    if (plan.kind === 'refused') return { invocationMessage: this.progressText() };
    const confirmation = this.withKnownBrief(
      withShippingSummary(plan.confirmation, this.context.briefs.summary(located.view), confirmationWords()),
      located,
    );
    return { invocationMessage: this.progressText(), confirmationMessages: confirmationMessages(confirmation) };
  }

  async invoke(
    options: vscode.LanguageModelToolInvocationOptions<unknown>,
    token: vscode.CancellationToken,
  ): Promise<vscode.LanguageModelToolResult> {
    if (!agentActionsAllowed()) return refusedResult(TURNED_OFF);
    const { key, located, plan } = this.plan(options.input);
    const confirmed = this.context.confirmed.take(key, planFingerprint(plan));
    if (plan.kind === 'refused') return refusedResult(plan.reason);
    if (!confirmed) {
      return refusedResult(
        'Nothing was done: the user was not asked to confirm this exact action, or the deployment changed since they were asked. Call the tool again so they can confirm what it does now.',
      );
    }
    return this.act(located, plan.action, token);
  }

  private async act(
    located: LocatedDeployment,
    action: PlannedAction,
    token: vscode.CancellationToken,
  ): Promise<vscode.LanguageModelToolResult> {
    if (!this.context.instances.client(located.view.instanceUrl))
      return refusedResult('The extension is no longer signed in to this GitLab instance; nothing was done.');
    if (action.kind !== 'run' && action.status === 'approved') {
      const client = this.context.instances.client(located.view.instanceUrl);
      const refusal = await independentApprovalRefusal(located, client, this.context.briefs, people, signalOf(token));
      if (refusal) return refusedResult(refusal);
    }
    // The chat confirmation does not stop a run during a deploy freeze: the person answers the freeze question itself.
    if (action.kind === 'run' && !(await confirmRunDuringFreeze(located)))
      return refusedResult("Nothing was done: the user chose not to run the job during the project's deploy freeze.");
    const write: DeploymentWrite =
      action.kind === 'run'
        ? { kind: 'run' }
        : action.status === 'rejected'
          ? { kind: 'reject', comment: action.comment }
          : { kind: 'approve', rules: [ruleNamed(action.representedAs)], comment: action.comment, andRun: false };
    const outcome = await actOnDeployment(this.context, located, write, (send) => send({ signal: signalOf(token) }));
    const where = `deployment #${located.deployment.iid} in ${located.project.project.path_with_namespace}`;
    const after = outcome.kind === 'busy' ? undefined : outcome.after;
    const deployment = after ? deploymentSummary(after) : 'no longer blocked';
    switch (outcome.kind) {
      case 'busy':
        return refusedResult('An action on this deployment is already under way; nothing more was sent.');
      case 'done': {
        const did = action.kind === 'run' ? 'started the job' : action.status;
        const job = outcome.value && 'name' in outcome.value ? { job: outcome.value.name } : {};
        this.context.log.info(`agent tool ${this.name}: ${did} ${where}`);
        return jsonResult({ done: true, did, gitlab: job, deployment });
      }
      case 'not-counted': {
        const notCounted = `GitLab did not count a new approval: ${NOT_COUNTED_TEXT[outcome.reason]}`;
        this.context.log.info(`agent tool ${this.name}: ${where}: GitLab did not count the approval`);
        return jsonResult({ done: false, notCounted, deployment });
      }
      default:
        this.context.log.error(`agent tool ${this.name} on ${where}`, outcome.error);
        if (!isGitLabError(outcome.error)) throw outcome.error;
        return jsonResult({ done: false, failed: outcome.error.kind, gitlab: { message: outcome.error.userMessage } });
    }
  }
}

/**
 * The rule a planned approval names (`represented_as`), or none. Taken as sure: a refusal is reported to the agent
 * as it is, not remembered (only the Approve command remembers GitLab's refusals of uncertain approvals).
 */
function ruleNamed(name: string | undefined): MyRule {
  return { name, label: name ?? vscode.l10n.t('your approval'), certain: true };
}

export class DecideTool extends WriteTool {
  protected plan(raw: unknown) {
    const input = parseDecideInput(raw);
    const located = locateDeployment(this.context.engine.snapshot(), input.deployment);
    return {
      key: callKey(this.name, input),
      located,
      plan: planDecision(located, input, INELIGIBILITY_TEXT, confirmationWords()),
    };
  }

  protected progressText(): string {
    return vscode.l10n.t('Recording a decision on a GitLab deployment');
  }

  /** The four-eyes findings, where the brief and the person were already read: said, with whose check it is. */
  protected override withKnownBrief(confirmation: Confirmation, located: LocatedDeployment): Confirmation {
    const sentences = knownFourEyesSentences(located, this.context.briefs, people);
    if (sentences.length === 0) return confirmation;
    return { ...confirmation, consequences: [...confirmation.consequences, ...sentences, FOUR_EYES_SOURCE] };
  }
}

export class RunTool extends WriteTool {
  protected plan(raw: unknown) {
    const input = parseDeploymentInput(raw);
    const located = locateDeployment(this.context.engine.snapshot(), input.deployment);
    return { key: callKey(this.name, input), located, plan: planRun(located, INELIGIBILITY_TEXT, confirmationWords()) };
  }

  protected progressText(): string {
    return vscode.l10n.t('Starting a GitLab deployment job');
  }

  /** The run question's warnings from the brief (core/actions/runConfirmation.ts), as Run Deployment Job says them. */
  protected override withKnownBrief(confirmation: Confirmation, located: LocatedDeployment): Confirmation {
    const warnings = runBriefWarnings(located, this.context.briefs.known(located.view));
    const freeze = runFreezeNote(located);
    return {
      ...confirmation,
      consequences: [
        ...confirmation.consequences,
        ...warnings.map((w) => vscode.l10n.t('Warning: {0}', w)),
        ...(freeze ? [freeze] : []),
      ],
    };
  }
}
