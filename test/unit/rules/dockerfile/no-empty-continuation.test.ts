import rule from '../../../../server/src/rules/dockerfile/no-empty-continuation';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM alpine:3.20\nRUN apk add --no-cache \\\n    curl\n\nRUN echo done\n',
    { name: 'comment lines inside a continuation', code: 'FROM alpine:3.20\nRUN apk add \\\n    # tools\n    curl\n' },
    { name: 'empty lines in a heredoc body are content', code: 'FROM alpine:3.20\nRUN <<EOF\nset -e\n\necho hi\nEOF\nCOPY <<EOF /etc/app.conf\na = 1\n\nb = 2\nEOF\n' },
    { name: 'empty lines between instructions', code: 'FROM alpine:3.20\n\n\nRUN echo\n' },
    { name: 'backtick escape', code: '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN dir `\n    C:\\\n' },
    { name: 'a trailing backslash at the end of the file', code: 'FROM alpine:3.20\nRUN echo \\\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN apk add --no-cache \\\n[|\n|]    curl\n',
      errors: ['empty'],
      fixTitles: ['Remove the empty line(s)'],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache \\\n    curl\n',
    },
    {
      name: 'several empty and blank lines, split by a comment',
      code: 'FROM alpine:3.20\nRUN a \\\n[|\n  \n|]  # c\n[|\t\n|]  b\n',
      errors: ['empty', 'empty'],
      output: 'FROM alpine:3.20\nRUN a \\\n  # c\n  b\n',
    },
    {
      name: 'the empty line glues the next instruction into this one',
      code: 'FROM alpine:3.20\nRUN echo a \\\n[|\n|]RUN echo b\n',
      errors: ['empty'],
      output: 'FROM alpine:3.20\nRUN echo a \\\nRUN echo b\n',
    },
    {
      name: 'CRLF and backtick escape',
      code: '# escape=`\r\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\r\nRUN dir `\r\n[|\r\n|]    C:\\\r\n',
      errors: ['empty'],
      output: '# escape=`\r\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\r\nRUN dir `\r\n    C:\\\r\n',
    },
  ],
});
