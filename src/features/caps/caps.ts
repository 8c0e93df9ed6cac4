// What the caps manifest loads: one chunk named after the feature, as its budget in budgets.json is.
export { service } from './service.js';
