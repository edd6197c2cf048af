export {
  parseProjectEntry,
  parseProjectList,
  type InvalidProjectEntry,
  type ParsedProjectList,
  type ProjectRef,
} from './projectList';
export { likelyInstanceOrigin, projectPathFromRemote } from './remoteUrl';
