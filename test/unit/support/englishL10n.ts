import type { PageL10n } from '../../../src/shell/deploymentPage/render';

/** What vscode.l10n.t does with no translation loaded: the English message, `{0}`, `{1}` replaced in one pass. */
export const ENGLISH_L10N: PageL10n = {
  t: (message, ...args) => message.replace(/\{(\d+)\}/g, (all, i: string) => (i in args ? String(args[+i]) : all)),
};
