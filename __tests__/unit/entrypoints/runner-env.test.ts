import { describe, expect, it } from '@jest/globals'
import { workflowOf } from '../../../src/entrypoints/runner-env.js'

describe('the workflow a scale-out dispatches again', () => {
  it('is the file and the branch or tag of GITHUB_WORKFLOW_REF', () => {
    expect(workflowOf('octo/widgets/.github/workflows/agents.yml@refs/heads/main')).toEqual({
      file: 'agents.yml',
      ref: 'main'
    })
    expect(workflowOf('octo/widgets/.github/workflows/team.yaml@refs/tags/v2')).toEqual({
      file: 'team.yaml',
      ref: 'v2'
    })
  })

  it('is unknown outside a workflow', () => {
    expect(workflowOf(undefined)).toBeUndefined()
    expect(workflowOf('not a workflow ref')).toBeUndefined()
  })
})
