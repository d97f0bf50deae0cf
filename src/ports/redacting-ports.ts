import type { Forge } from '../github/forge.js'
import { replaceNeedles, secretNeedles } from '../secrets/redact.js'
import type { Logger } from '../util/logger.js'
import type { RunPorts } from './run-ports.js'

/**
 * The run's ports with the secrets the entrypoint handed over redacted from every text they carry out:
 * comment and pull request bodies and titles, review replies, and log lines. The agents' tools and the QA
 * gate already redact what they hand to a model; this is the last line for what the engine writes itself,
 * such as an error message that quotes a token and ends up as a run's stop reason in the progress comment.
 * The runner masks its log by value too (core.setSecret), but the CLI's terminal and GitHub's comments have
 * no such mask.
 */
export function redactingPorts(ports: RunPorts, secrets: readonly string[]): RunPorts {
  const needles = secretNeedles(secrets)
  if (needles.length === 0) return ports
  const redact = (text: string): string => replaceNeedles(text, needles)
  return {
    ...ports,
    forge: redactingForge(ports.forge, redact),
    logger: redactingLogger(ports.logger, redact)
  }
}

function redactingLogger(logger: Logger, redact: (text: string) => string): Logger {
  return {
    info: message => logger.info(redact(message)),
    warning: message => logger.warning(redact(message)),
    error: message => logger.error(redact(message)),
    debug: message => logger.debug(redact(message))
  }
}

/** Every write that carries text, redacted; every other call passes to the forge as it is. */
function redactingForge(forge: Forge, redact: (text: string) => string): Forge {
  const writes: Partial<Forge> = {
    createComment: (issueNumber, body) => forge.createComment(issueNumber, redact(body)),
    updateComment: (commentId, body) => forge.updateComment(commentId, redact(body)),
    createPull: options =>
      forge.createPull({ ...options, title: redact(options.title), body: redact(options.body) }),
    updatePull: (number, options) =>
      forge.updatePull(number, {
        ...options,
        ...(options.title === undefined ? {} : { title: redact(options.title) }),
        ...(options.body === undefined ? {} : { body: redact(options.body) })
      }),
    replyToReviewComment: (pullNumber, commentId, body) =>
      forge.replyToReviewComment(pullNumber, commentId, redact(body))
  }
  // A proxy rather than a copy: the forge may be a class whose methods need their own `this`.
  return new Proxy(forge, {
    get(target, key, receiver) {
      if (typeof key === 'string' && key in writes) return writes[key as keyof Forge]
      const value: unknown = Reflect.get(target, key, receiver)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    }
  })
}
