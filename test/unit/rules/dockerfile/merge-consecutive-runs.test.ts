import rule from '../../../../server/src/rules/dockerfile/merge-consecutive-runs';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM alpine:3.20\nRUN apk add --no-cache curl\nCOPY . /app\nRUN make -C /app\n',
    { name: 'RUN with flags', code: 'FROM golang:1.22\nRUN --mount=type=cache,target=/root/.cache go build ./...\nRUN go vet ./...\n' },
    { name: 'heredoc RUN', code: 'FROM alpine:3.20\nRUN echo a\nRUN <<EOF\necho b\nEOF\n' },
    { name: 'exec form', code: 'FROM alpine:3.20\nRUN echo a\nRUN ["echo", "b"]\n' },
    { name: 'a RUN that already chains more than two commands', code: 'FROM alpine:3.20\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*\nRUN echo done\n' },
    { name: 'different stages', code: 'FROM alpine:3.20 AS a\nRUN echo a\nFROM alpine:3.20\nRUN echo b\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n[|RUN|] curl -fsSLo /tmp/x https://example.com/x\n',
      errors: ['merge'],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache curl && \\\n    curl -fsSLo /tmp/x https://example.com/x\n',
      fixTitles: ['Merge with the previous RUN'],
    },
    {
      name: 'a chain is merged in one go; comment lines stay, blank lines go',
      code: 'FROM alpine:3.20\nRUN echo a\n# b comes next\n\n[|RUN|] echo b\n[|run|] echo c\n',
      errors: ['merge', 'merge'],
      output: 'FROM alpine:3.20\nRUN echo a && \\\n    # b comes next\n    echo b && \\\n    echo c\n',
    },
    {
      name: 'continuation lines give the indentation',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache \\\n  curl\n[|RUN|] echo b \\\n      && echo c\n',
      errors: ['merge'],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache \\\n  curl && \\\n  echo b \\\n      && echo c\n',
    },
    {
      name: 'CRLF line endings are kept',
      code: '  FROM alpine:3.20\r\n  RUN echo a\r\n  [|RUN|] echo b\r\n',
      errors: ['merge'],
      output: '  FROM alpine:3.20\r\n  RUN echo a && \\\r\n      echo b\r\n',
    },
    {
      name: 'escape directive',
      code: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo a\n[|RUN|] echo b\n',
      errors: ['merge'],
      output: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo a && `\n    echo b\n',
    },
    {
      name: 'a trailing comment or ; in the first RUN: reported, no fix',
      code: 'FROM alpine:3.20\nRUN echo a # note\n[|RUN|] echo b\n',
      errors: ['merge'],
    },
    { name: 'trailing ;', code: 'FROM alpine:3.20\nRUN echo a;\n[|RUN|] echo b\n', errors: ['merge'] },
  ],
});
