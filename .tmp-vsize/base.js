import { html, LitElement } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { AsyncDirective } from 'lit/async-directive.js';
window.__v = [html, LitElement, repeat, AsyncDirective];
