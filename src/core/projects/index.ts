export {
  parseProjectEntry,
  parseProjectList,
  type InvalidProjectEntry,
  type ParsedProjectList,
  type ProjectEntry,
} from './projectList';
export { likelyInstanceOrigin, projectPathFromRemote } from './remoteUrl';
