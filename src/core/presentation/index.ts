export {
  dataText,
  htmlText,
  inertText,
  logText,
  markdownText,
  messageText,
  numberText,
  pickText,
  wholeNumber,
} from './untrustedText';
export { externalWebLink, linkOnInstance } from './webLinks';
export { timeAgo } from './timeAgo';
export {
  approvalsFact,
  deploymentFacts,
  deploymentState,
  deploymentIcon,
  deploymentRowDescription,
  deploymentRowLabel,
  deploymentTitle,
  INELIGIBILITY_TEXT,
  READ_ONLY_TOKEN_TEXT,
  NOT_COUNTED_TEXT,
  runNote,
  shortenMiddle,
  STATE_PRESENTATION,
} from './deployments';
export { CONFIRMATION_WORDS, confirmationText, type ConfirmationWords } from './confirmations';
export { knownWarnings, warningMarks } from './deploymentWarnings';
export { ageText, OVERDUE_MARK, utcText } from './ageing';
