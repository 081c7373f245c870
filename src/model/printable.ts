/**
 * Text from outside (ISE's names, a saved plan's notes) made safe to print on a terminal or in a markdown
 * comment. A name or note holding control characters could drive the reader's terminal (`ESC[2K ESC[30A`
 * erases the changes above it and prints "No changes" in their place); C1 characters do the same on some
 * terminals (U+009B is a CSI). Each such character is shown as its `\u` escape instead, the way
 * JSON.stringify shows the C0 ones in a value, so what differs stays visible and nothing is lost.
 */

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * `printable`, and for markdown also no HTML tag: a comment renders `<img …>` or `</details>` from a name
 * or note as markup. `<` before a letter, `/`, `!` or `?` is written as `&lt;`, which renders as `<`.
 */
export function printableMarkdown(text: string): string {
  return printable(text).replace(/<(?=[A-Za-z/!?])/g, '&lt;');
}
