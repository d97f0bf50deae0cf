import type { CommentRef, Forge } from '../github/forge.js'

/**
 * Writes the one comment of a kind the run keeps on an issue: the comment `known` names, or else ours that
 * carries `marker`, is edited; only when there is neither is one posted. So a later run or command edits
 * instead of posting twice, and never edits a comment someone else wrote (see Forge.findComment).
 */
export async function writeOwnComment(
  forge: Pick<Forge, 'findComment' | 'updateComment' | 'createComment'>,
  issueNumber: number,
  marker: string,
  body: string,
  known?: CommentRef
): Promise<CommentRef> {
  const existing = known ?? (await forge.findComment(issueNumber, marker))
  return existing ? forge.updateComment(existing.id, body) : forge.createComment(issueNumber, body)
}
