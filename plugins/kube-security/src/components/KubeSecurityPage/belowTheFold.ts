// The overview's lists that need the action-item catalog (to name each finding's item):
// one module, so that they load as one chunk after the page's first rows are under way.
export { ActiveExceptions } from './ActiveExceptions';
export { OpenFindingsList } from './OpenFindingsList';
export { UnownedFindings } from './UnownedFindings';
