export { htmlText, logText, markdownText, messageText, pickText } from './untrustedText';
export { linkOnInstance } from './webLinks';
export { timeAgo } from './timeAgo';
export {
  approvalsFact,
  deploymentFacts,
  deploymentIcon,
  deploymentTitle,
  INELIGIBILITY_TEXT,
  STATE_PRESENTATION,
} from './deployments';
