// What the install scripts (`install-temporal-server.mjs`, `install-dev-server.mjs`) say: a line, or a box that a
// reader scrolling past `npm install`'s output cannot miss.

/** One line of install output, marked as faultline's. */
export function say(message) {
  process.stdout.write(`[faultline] ${message}\n`);
}

/** `lines` in a box of dashes and bars. */
export function sayBoxed(lines) {
  const width = Math.max(...lines.map((line) => line.length));
  const bar = '-'.repeat(width + 4);
  process.stdout.write(`\n${bar}\n${lines.map((line) => `| ${line.padEnd(width)} |`).join('\n')}\n${bar}\n\n`);
}
