import rule from '../../../../server/src/rules/dockerfile/copy-needs-workdir';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM node:20-slim\nWORKDIR /app\nCOPY . .\n',
    { name: 'absolute destinations', code: 'FROM alpine:3.20\nCOPY app.conf /etc/app.conf\nADD ["a b", "/srv/"]\n' },
    { name: 'variable destinations', code: 'FROM alpine:3.20\nARG DEST=/app\nCOPY . $DEST\n' },
    { name: 'WORKDIR inherited from the parent stage', code: 'FROM node:20-slim AS base\nWORKDIR /app\nFROM base\nCOPY . .\n' },
    { name: 'relative WORKDIR still sets one', code: 'FROM alpine:3.20\nWORKDIR app\nCOPY . .\n' },
    { name: 'Windows paths', code: '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY app C:\\app\n' },
    { name: 'heredoc body is not a destination', code: 'FROM alpine:3.20\nCOPY <<EOF /etc/motd\nhello there\nEOF\n' },
  ],
  invalid: [
    { code: 'FROM node:20-slim\nCOPY . [|.|]\nWORKDIR /app\nCOPY . .\n', errors: ['noWorkdir'] },
    { name: 'ADD, JSON form', code: 'FROM alpine:3.20\nADD ["app.tar", [|"opt/"|]]\n', errors: ['noWorkdir'] },
    { name: 'per stage', code: 'FROM alpine:3.20 AS a\nWORKDIR /a\nFROM alpine:3.20\nCOPY --from=a /a/x [|x|]\n', errors: ['noWorkdir'] },
    { name: 'heredoc source, continuation', code: 'FROM alpine:3.20\nCOPY --chmod=755 \\\n  <<EOF [|run.sh|]\necho hi\nEOF\n', errors: ['noWorkdir'] },
  ],
});
