/** The command line parser lives in util/ so that config validation and the sandbox read lines alike. */
export { parseCommandLine, type CommandParse } from '../util/commands/command-line.js'
