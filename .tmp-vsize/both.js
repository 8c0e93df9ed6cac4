import { html, LitElement } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { AsyncDirective } from 'lit/async-directive.js';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import { flow } from '@lit-labs/virtualizer/layouts/flow.js';
window.__v = [html, LitElement, repeat, AsyncDirective, virtualize, flow];
