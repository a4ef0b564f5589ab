import { defineRule } from '../../engine/rule';

export default defineRule({
  id: 'dockerfile/no-empty-continuation',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Do not leave empty lines inside an instruction continued with a backslash.',
  rationale:
    'Docker skips empty lines inside a continued instruction, so `RUN a \\` followed by an empty line and another instruction ' +
    'silently glues both into one RUN. The empty line looks like the end of the instruction but is not; BuildKit warns about ' +
    'it and plans to make it an error. Removing the empty lines changes nothing in the build. Empty lines in heredoc bodies ' +
    'are content and are not reported.',
  fixable: true,
  sources: [{ tool: 'buildkit', id: 'NoEmptyContinuation' }],
  messages: {
    empty: 'Empty line inside a continued instruction: Docker skips it and the instruction goes on. Remove it.',
  },
  examples: {
    valid: ['FROM alpine:3.20\nRUN apk add --no-cache \\\n    # tools\n    curl\n'],
    invalid: ['FROM alpine:3.20\nRUN apk add --no-cache \\\n\n    curl\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const escape = model.ast.getEscapeCharacter();
    const lines = model.lines;
    // The text after the final newline is not a line of its own.
    const lastLine = lines.lineText(lines.lineCount - 1) === '' ? lines.lineCount - 2 : lines.lineCount - 1;
    for (const instr of model.ast.getInstructions()) {
      const end = Math.min(instr.getRange().end.line, lastLine);
      let line = instr.getRange().start.line;
      while (line < end && lines.lineText(line).trimEnd().endsWith(escape)) {
        line++;
        let firstEmpty = -1;
        let lastEmpty = -1;
        // Empty and comment lines do not end the continuation; the next line with content does.
        while (line <= end && /^\s*(#.*)?$/.test(lines.lineText(line))) {
          if (lines.lineText(line).trim() === '') {
            if (firstEmpty < 0) firstEmpty = line;
            lastEmpty = line;
          } else if (firstEmpty >= 0) {
            report(firstEmpty, lastEmpty);
            firstEmpty = -1;
          }
          line++;
        }
        if (firstEmpty >= 0) report(firstEmpty, lastEmpty);
      }
    }
    function report(first: number, last: number): void {
      // The empty lines with their line breaks; at the very end of a file there is no break to take.
      const lines = ctx.model.lines;
      const end = last + 1 < lines.lineCount ? { line: last + 1, character: 0 } : { line: last, character: lines.lineText(last).length };
      const range = { start: { line: first, character: 0 }, end };
      ctx.report({ range, messageId: 'empty', fix: { title: 'Remove the empty line(s)', edits: [{ range, newText: '' }] } });
    }
  },
});
