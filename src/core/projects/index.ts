export { parseProjectEntry, type InvalidProjectEntry, type ProjectEntry } from './projectList';
export { likelyInstanceOrigin, projectPathFromRemote } from './remoteUrl';
