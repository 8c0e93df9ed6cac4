// What the receipts manifest loads: one chunk named after the feature, as its budget in budgets.json is.
export { service } from './service.js';
