import type { RunPorts } from '../ports/run-ports.js'
import { replyMarker } from '../github/markers.js'
import type { CommandRequest } from '../trigger/request.js'

/** Who a command's reply answers, and how to post it. */
export interface Replier {
  request: CommandRequest
  ports: RunPorts
}

/** A command that ended in a reply on the issue. */
export interface Replied {
  kind: 'replied'
  commentUrl: string
}

/** Posts a reply on the issue the command came from. */
export async function reply(replier: Replier, text: string): Promise<Replied> {
  const issueNumber = replier.request.issueNumber
  const comment = await replier.ports.forge.createComment(issueNumber, `${replyMarker(issueNumber)}\n${text}`)
  return { kind: 'replied', commentUrl: comment.htmlUrl }
}
