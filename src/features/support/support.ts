// What the support manifest loads: one chunk named after the feature, as its budget in budgets.json is.
export { service } from './service.js';
export { renderPayload, styles } from './payload.js';
