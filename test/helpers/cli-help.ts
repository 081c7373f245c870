/**
 * Reading commander's `--help` text: the help test and the CI-recipe test both check commands and flags
 * against what the built CLI itself prints.
 */

/** The lines of one `Heading:` section of commander's help, up to the next blank line. */
export function section(text: string, heading: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(`${heading}:`);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** `  -y, --yes  text` → ['-y', '--yes']; wrapped description lines have no leading dash. */
export function optionNames(text: string): string[] {
  return section(text, 'Options').flatMap((line) => {
    const m = /^ {2}(-[\w-]+(?:, --[\w-]+)?|--[\w-]+)/.exec(line);
    return m ? m[1].split(', ') : [];
  });
}
