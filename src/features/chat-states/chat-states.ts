// What the chat-states manifest loads: one chunk named after the feature, as its budget in budgets.json is.
export { service } from './service.js';
import './typing-line.js';
