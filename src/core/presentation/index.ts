export { logText, markdownText, messageText, pickText } from './untrustedText';
export { linkOnInstance } from './webLinks';
