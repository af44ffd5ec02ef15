/**
 * HTML tables whose cells are text unless they say otherwise: a plain string is escaped, only
 * `{ html }` (markup built here from escaped parts) goes through as it is.
 */
import { escapeHtml } from './escape.js';

/** A table cell: text (escaped), or markup built from escaped parts, with an optional CSS class. */
export type Cell =
  | string
  | { readonly text: string; readonly className?: string }
  | { readonly html: string; readonly className?: string };

function renderCell(tag: 'td' | 'th', cell: Cell): string {
  if (typeof cell === 'string') return `<${tag}>${escapeHtml(cell)}</${tag}>`;
  const attribute = cell.className ? ` class="${escapeHtml(cell.className)}"` : '';
  return `<${tag}${attribute}>${'html' in cell ? cell.html : escapeHtml(cell.text)}</${tag}>`;
}

/**
 * A table: a header row, then rows whose first cell is a row header. A row of one cell is a group heading across the
 * table.
 */
export function htmlTable(head: readonly Cell[], rows: readonly (readonly Cell[])[], className = ''): string {
  const body = rows
    .map((row) => {
      if (row.length === 1 && head.length > 1)
        return `<tr class="group"><th colspan="${head.length}">${typeof row[0] === 'string' ? escapeHtml(row[0]) : ''}</th></tr>`;
      const [first, ...rest] = row;
      return `<tr>${first === undefined ? '' : renderCell('th', first)}${rest.map((cell) => renderCell('td', cell)).join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table${className ? ` class="${escapeHtml(className)}"` : ''}>\n<thead><tr>${head.map((cell) => renderCell('th', cell)).join('')}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}
