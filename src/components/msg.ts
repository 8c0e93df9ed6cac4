/**
 * The one door for visible text. A host page can translate the widget by calling {@link setMessages}
 * with a map from the English text to its translation; `{name}` placeholders are filled from `values`.
 */
let translations: Readonly<Record<string, string>> = {};

export function setMessages(messages: Readonly<Record<string, string>>) {
  translations = { ...messages };
}

export function msg(text: string, values: Readonly<Record<string, string | number>> = {}): string {
  const template = translations[text] ?? text;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
