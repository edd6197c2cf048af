// The language-model tools (contributes.languageModelTools in package.json): two that read the inbox, two that change
// GitLab after a person confirms. Names here and in package.json must match.
import * as vscode from 'vscode';
import type { FollowedJob } from '../../core/follow/followedJob';
import { ConfirmedCalls } from '../../core/agentTools/confirmedCalls';
import type { CommandContext } from '../commands/commandContext';
import type { Briefs } from '../deploymentPage/briefs';
import { DeploymentBriefTool, Freshness, ListDeploymentsTool } from './readTools';
import { DecideTool, RunTool } from './writeTools';

export const AGENT_TOOL_NAMES = {
  list: 'gitlabApprovals_listDeployments',
  brief: 'gitlabApprovals_deploymentBrief',
  decide: 'gitlabApprovals_decideDeployment',
  run: 'gitlabApprovals_runDeploymentJob',
} as const;

export type AgentToolKey = keyof typeof AGENT_TOOL_NAMES;

export interface AgentTools {
  /** The tool objects as registered, for the integration tests: outside a chat VS Code answers a confirmation with a
   * modal dialog that a test cannot click, so the write tools are exercised through these. */
  tools: Record<AgentToolKey, vscode.LanguageModelTool<unknown>>;
  disposables: vscode.Disposable[];
}

/** `briefs` are the deployment page's: the tools read and cache what a deployment ships through the same ones. */
export function registerAgentTools(
  context: CommandContext,
  briefs: Briefs,
  followed: () => FollowedJob[] = () => [],
): AgentTools {
  const freshness = new Freshness(context.engine);
  const writeContext = { ...context, briefs, confirmed: new ConfirmedCalls() };
  const tools: AgentTools['tools'] = {
    list: new ListDeploymentsTool(context.engine, freshness, followed),
    brief: new DeploymentBriefTool(context.engine, freshness, context.instances, briefs),
    decide: new DecideTool(AGENT_TOOL_NAMES.decide, writeContext),
    run: new RunTool(AGENT_TOOL_NAMES.run, writeContext),
  };
  const keys = Object.keys(AGENT_TOOL_NAMES) as AgentToolKey[];
  return { tools, disposables: keys.map((key) => vscode.lm.registerTool(AGENT_TOOL_NAMES[key], tools[key])) };
}
