import { randomUUID } from 'node:crypto'
import { appendFileSync, existsSync } from 'node:fs'
import { EOL } from 'node:os'

/**
 * The few runner commands the start needs before it knows whether this is a real run: read an input, mask a
 * value, set an output, write a notice. They speak the runner's protocol exactly as @actions/core does, and
 * exist because importing @actions/core also loads its HTTP client (undici, for OIDC tokens): most of the
 * start-up time of a step that only decides to skip. The engine, once loaded, uses @actions/core itself.
 */

/** An action input as the runner passes it (`INPUT_<NAME>`), trimmed; '' when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim()
}

/** Registers a value the runner masks in every later line of the log. */
export function setSecret(value: string): void {
  issueCommand('add-mask', value)
}

/** A notice annotation on the workflow run. */
export function notice(message: string): void {
  issueCommand('notice', message)
}

/** A step output: appended to the GITHUB_OUTPUT file, or the old stdout command where there is none. */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT || ''
  if (!file) {
    process.stdout.write(EOL)
    process.stdout.write(`::set-output name=${escapeProperty(name)}::${escapeData(value)}${EOL}`)
    return
  }
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`)
  // A fresh delimiter per value, so a value can never end the block early and smuggle in another output.
  const delimiter = `ghadelimiter_${randomUUID()}`
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`Unexpected input: the output ${name} contains the delimiter "${delimiter}"`)
  }
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' })
}

function issueCommand(command: string, message: string): void {
  process.stdout.write(`::${command}::${escapeData(message)}${EOL}`)
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** Fails the step: an error annotation, and exit code 1 once the process ends. */
export function setFailed(message: string): void {
  process.exitCode = 1
  issueCommand('error', message)
}
