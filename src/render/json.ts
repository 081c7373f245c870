/**
 * The one JSON form of every report and plan ise-duo prints: two-space indented, one trailing newline, so
 * the outputs of different commands diff and `jq` the same way.
 */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
