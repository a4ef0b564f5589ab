import rule from '../../../../server/src/rules/dockerfile/copy-destination-slash';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    { name: 'trivy good case', code: 'FROM alpine:3.13\nUSER mike\nCOPY ["package.json", "yarn.lock", "myapp/"]' },
    { name: 'one source', code: 'FROM alpine:3.20\nCOPY package.json yarn.lock\n' },
    { name: 'flags are not sources', code: 'FROM alpine:3.20\nCOPY --chown=root:root --chmod=755 yarn.lock myapp\n' },
    { name: 'variable destination', code: 'FROM alpine:3.20\nARG DEST=/app/\nCOPY a b $DEST\n' },
    { name: 'one heredoc source; its body is not a source list', code: 'FROM alpine:3.20\nCOPY <<EOF /etc/app.conf\na b c\nEOF\n' },
    { name: 'Windows separator', code: '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY a.txt b.txt C:\\app\\\n' },
    { name: 'RUN is not COPY', code: 'FROM alpine:3.20\nRUN cp a b c\n' },
  ],
  invalid: [
    {
      name: 'trivy bad case (JSON form)',
      code: 'FROM alpine:3.13\nUSER mike\nCOPY ["package.json", "yarn.lock", [|"myapp"|]]',
      errors: ['noSlash'],
      fixTitles: ['Append "/" to myapp'],
      output: 'FROM alpine:3.13\nUSER mike\nCOPY ["package.json", "yarn.lock", "myapp/"]',
    },
    {
      name: 'with flags',
      code: 'FROM alpine:3.20\nCOPY --chown=root:root --chmod=755 package.json yarn.lock [|myapp|]\n',
      errors: ['noSlash'],
      output: 'FROM alpine:3.20\nCOPY --chown=root:root --chmod=755 package.json yarn.lock myapp/\n',
    },
    { name: 'ADD, dot destination', code: 'FROM alpine:3.20\nWORKDIR /app\nADD a.txt b.txt [|.|]\n', errors: ['noSlash'], output: 'FROM alpine:3.20\nWORKDIR /app\nADD a.txt b.txt ./\n' },
    {
      name: 'continuation lines with a comment inside',
      code: 'FROM alpine:3.20\nCOPY a \\\n  # more\n  b \\\n  [|"/srv/app"|]\n',
      errors: ['noSlash'],
      output: 'FROM alpine:3.20\nCOPY a \\\n  # more\n  b \\\n  "/srv/app/"\n',
    },
    {
      name: 'two heredoc sources',
      code: 'FROM alpine:3.20\nCOPY <<A <<B [|/etc/app|]\none\nA\ntwo\nB\n',
      errors: ['noSlash'],
      output: 'FROM alpine:3.20\nCOPY <<A <<B /etc/app/\none\nA\ntwo\nB\n',
    },
    {
      name: 'COPY --from, CRLF',
      code: 'FROM golang:1.22 AS build\r\nFROM alpine:3.20\r\nCOPY --from=build /bin/a /bin/b [|/usr/local/bin|]\r\n',
      errors: ['noSlash'],
      output: 'FROM golang:1.22 AS build\r\nFROM alpine:3.20\r\nCOPY --from=build /bin/a /bin/b /usr/local/bin/\r\n',
    },
  ],
});
