/**
 * Tasks' first model replies, asked for before the tasks can start. A task's first request holds only its
 * brief (the plan, the decisions, its dependencies' summaries, the commands it may run) and its role's
 * prompt, all known once its dependencies' agents have finished; their commits and merges, the checks on
 * them and the task's own worktree still take a while, and the model's first reply takes as long. The task
 * takes the reply when it starts, if its first request is exactly the one asked ahead (compared as sent,
 * the abort signal aside). A reply nobody takes (the request differed, or the task never started) is still
 * spent: it is charged when it arrives, or aborted when the run ends.
 */
import type { Model, ModelRequest, ModelResponse } from '../models/model.js'

interface Asked {
  request: string
  reply: Promise<ModelResponse>
  model: Model
  abort: AbortController
}

export class RepliesAhead {
  private readonly asked = new Map<string, Asked>()
  private closed = false

  /** `unused` charges a reply that was asked ahead for `taskId` and not taken. */
  constructor(private readonly unused: (taskId: string, model: Model, reply: ModelResponse) => void) {}

  /** How many replies are asked ahead and not yet taken. */
  get size(): number {
    return this.asked.size
  }

  has(taskId: string): boolean {
    return this.asked.has(taskId)
  }

  /** Sends `request` for `taskId`'s first turn now. */
  ask(taskId: string, model: Model, request: ModelRequest): void {
    if (this.closed || this.asked.has(taskId)) return
    const abort = new AbortController()
    const signal = request.signal ? AbortSignal.any([request.signal, abort.signal]) : abort.signal
    const reply = model.complete({ ...request, signal })
    // Taken or not, its failure is the taker's to see (or nobody's); never an unhandled rejection.
    reply.catch(() => undefined)
    this.asked.set(taskId, { request: fingerprint(request), reply, model, abort })
  }

  /**
   * `model` for `taskId`'s session: its first request is answered by the reply asked ahead when it is the
   * same request; every other request goes to `model`.
   */
  serve(taskId: string, model: Model): Model {
    return {
      id: model.id,
      ...(model.provider ? { provider: model.provider } : {}),
      complete: request => this.take(taskId, request) ?? model.complete(request)
    }
  }

  /**
   * The run is ending: replies still on their way are aborted, those that came are charged, and nothing
   * more is asked.
   */
  close(): void {
    this.closed = true
    for (const [taskId, asked] of this.asked) {
      asked.abort.abort(new Error('the run ended'))
      this.chargeWhenCome(taskId, asked)
    }
    this.asked.clear()
  }

  private take(taskId: string, request: ModelRequest): Promise<ModelResponse> | undefined {
    const asked = this.asked.get(taskId)
    if (!asked) return undefined
    this.asked.delete(taskId)
    if (asked.request === fingerprint(request)) return asked.reply
    this.chargeWhenCome(taskId, asked)
    return undefined
  }

  /** A reply nobody will take is charged once it has come (at once if it has); an aborted one never comes. */
  private chargeWhenCome(taskId: string, asked: Asked): void {
    asked.reply.then(
      reply => this.unused(taskId, asked.model, reply),
      () => undefined
    )
  }
}

/** A request as the API would receive it: everything but the signal that could abort it. */
function fingerprint(request: ModelRequest): string {
  return JSON.stringify({ ...request, signal: undefined })
}
