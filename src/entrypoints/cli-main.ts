#!/usr/bin/env node
// The `agent-team` command's entry: dist/cli/index.js (the package's bin) is built from this file.
import { runCli } from './cli.js'

const code = await runCli(process.argv.slice(2))
// Exit once both streams have drained: an idle keep-alive socket must not hold the shell, and a piped
// reader must still get the last lines.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))
