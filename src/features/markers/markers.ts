// The markers chunk (see manifest.ts): its service alone; "Seen" is a message state the log already draws.
export { service } from './service.js';
