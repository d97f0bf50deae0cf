// The greeting package: the team adds its features beside this file.
export const name = 'greeting'
