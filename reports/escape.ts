/**
 * Escaping for the HTML report. Every string that came from a scenario file, a strategy or a
 * results file passes through one of these before it reaches the page: `escapeHtml` for text
 * and attribute values, `jsonForScript` for the chart data block.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside an element or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] as string);
}

/**
 * JSON safe inside `<script type="application/json">`: `<`, `>` and `&` become `\u003c`,
 * `\u003e` and `\u0026`, so no value can close the script element (`</script>`) or open a
 * comment (`<!--`); U+2028 and U+2029 are escaped too. `JSON.parse` reads the same value back.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
