/**
 * Text from a model or a user made safe to print on a terminal: control characters (ESC above all) are
 * removed and whitespace runs become one space. A task title that carried `\u001b[2J` or an OSC sequence
 * could otherwise clear the screen, rewrite earlier lines or set the window title of whoever watches the run.
 */
export function terminalText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Cuts `line` to `width` characters, ending with `…` when something was cut. */
export function fitWidth(line: string, width: number | undefined): string {
  if (width === undefined || width <= 0) return line
  const chars = [...line]
  if (chars.length <= width) return line
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`
}
