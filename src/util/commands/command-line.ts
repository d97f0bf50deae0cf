/** A command line split into argv, or why it cannot be run without a shell. */
export type CommandParse = { ok: true; argv: string[] } | { ok: false; reason: string }

const NO_SHELL = 'Commands run without a shell, one command at a time'

/** Characters a shell would treat as syntax, with what the agent was probably reaching for. */
const SHELL_SYNTAX: Record<string, string> = {
  '|': 'pipes (`|`)',
  '&': '`&&` and background jobs (`&`)',
  ';': 'command lists (`;`)',
  '<': 'redirection (`<`)',
  '>': 'redirection (`>`)',
  '(': 'subshells (`(`)',
  ')': 'subshells (`)`)',
  '`': 'command substitution (`` ` ``)',
  $: 'variables and command substitution (`$VAR`, `$(…)`)'
}

const GLOB = new Set(['*', '?', '['])

/**
 * Splits a command line into argv the way a POSIX shell would for plain words: whitespace separates,
 * single quotes are literal, double quotes allow `\"`, `\\`, `\$` and `` \` ``, a backslash outside quotes
 * escapes the next character. Anything a shell would expand or interpret (pipes, lists, redirection,
 * substitution, variables, globs, `~`, comments, `VAR=value` prefixes) is refused rather than passed on
 * literally, so the agent learns at once that it did not get what it meant.
 */
export function parseCommandLine(line: string): CommandParse {
  const argv: string[] = []
  let word: string | undefined
  let quote: "'" | '"' | undefined
  const refuse = (reason: string): CommandParse => ({ ok: false, reason })

  for (let i = 0; i < line.length; i++) {
    const char = line[i]!
    if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(char)) {
      return refuse(
        `${NO_SHELL}: the command contains a newline or control character. Send one command per call.`
      )
    }
    if (quote === "'") {
      if (char === "'") quote = undefined
      else word += char
      continue
    }
    if (quote === '"') {
      const next = line[i + 1]
      if (char === '"') quote = undefined
      else if (char === '\\' && next !== undefined && '"\\$`'.includes(next)) {
        word += next
        i++
      } else if (char === '$' || char === '`') {
        return refuse(
          `${NO_SHELL}: ${SHELL_SYNTAX[char]} are not available, even inside double quotes. Use single quotes if you mean the character literally.`
        )
      } else word += char
      continue
    }
    if (char === ' ' || char === '\t') {
      if (word !== undefined) argv.push(word)
      word = undefined
      continue
    }
    const atWordStart = word === undefined
    word ??= ''
    if (char === "'" || char === '"') quote = char
    else if (char === '\\') {
      const next = line[i + 1]
      if (next === undefined) return refuse('The command ends with a backslash; remove it.')
      word += next
      i++
    } else if (char in SHELL_SYNTAX) {
      return refuse(
        `${NO_SHELL}: ${SHELL_SYNTAX[char]} are not available. Run a single program with its arguments (e.g. \`npm test\`), and quote the character if you mean it literally.`
      )
    } else if (GLOB.has(char)) {
      return refuse(
        `${NO_SHELL}, so \`${char}\` is not expanded to file names. Name the files, or quote the pattern if the program expands it itself.`
      )
    } else if (atWordStart && char === '~') {
      return refuse(`${NO_SHELL}, so \`~\` is not your home directory. Use paths inside the repository.`)
    } else if (atWordStart && char === '#') {
      return refuse(`${NO_SHELL}, so \`#\` does not start a comment. Remove it.`)
    } else word += char
  }

  if (quote) return refuse(`The command has an unterminated ${quote === "'" ? 'single' : 'double'} quote.`)
  if (word !== undefined) argv.push(word)
  const [program] = argv
  if (program === undefined) return refuse('The command is empty.')
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(program)) {
    return refuse(`${NO_SHELL}, so \`${program}\` does not set a variable. Run the program without it.`)
  }
  return { ok: true, argv }
}
