/**
 * Node options for the language server's process. V8's young generation grows to 3 x 16 MB by
 * default while a big file is checked, and that memory goes back to the system only after a full
 * collection; at 4 MB a semi-space the server holds a 1,000-document manifest in about 130 MB
 * instead of about 160 MB, for a first check of such a file about a fifth slower (edits are as fast:
 * see the README's performance section). The README shows other editors how to pass them too.
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=4'];
