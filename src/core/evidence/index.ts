// Approval records (issue 22, "Evidence"): what GitLab says of a deployment's approval, in one document to keep. A pure
// core module (no vscode): the shell asks where to save and writes the files.
export {
  deploymentRecord,
  RECORD_FORMAT,
  RECORD_VERSION,
  type ApprovalRecord,
  type DeploymentRecord,
  type DeploymentRecordInput,
  type Person,
} from './approvalRecord';
export { matchingAuditEvents, readAuditEvents, type AuditEventsPart, type RecordedAuditEvent } from './auditEvents';
export { approvalRecordMarkdown } from './recordMarkdown';
export { approvalRecordJson, defaultRecordFileName, recordFileNames } from './recordFiles';
export { readApprovalRecord, RECORD_NOTES, type RecordedDeployment, type RecordReaders } from './readRecord';
