// The bookmarks chunk (see manifest.ts): its service alone.
export { service } from './service.js';
