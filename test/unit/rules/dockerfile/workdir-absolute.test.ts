import rule from '../../../../server/src/rules/dockerfile/workdir-absolute';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM alpine:3.20\nWORKDIR /app\n',
    { name: 'relative after an absolute one', code: 'FROM alpine:3.20\nWORKDIR /srv\nWORKDIR app\n' },
    { name: 'variables are not guessed', code: 'FROM alpine:3.20\nWORKDIR $HOME\nFROM alpine:3.20\nWORKDIR ${APP_DIR}/src\n' },
    { name: 'quoted absolute path', code: 'FROM alpine:3.20\nWORKDIR "/path/to/workdir"\n' },
    { name: 'Windows paths', code: '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nWORKDIR C:\\app\n' },
    { name: 'absolute WORKDIR inherited from the parent stage', code: 'FROM alpine:3.20 AS base\nWORKDIR /app\nFROM base\nWORKDIR src\n' },
    { name: 'no WORKDIR at all', code: 'FROM alpine:3.20\nRUN echo hi\n' },
    { name: 'heredoc text is not an instruction', code: 'FROM alpine:3.20\nRUN <<EOF\nWORKDIR app\nEOF\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nWORKDIR [|app|]\n',
      errors: ['relative'],
      fixTitles: ['Make the path absolute (/app)'],
      output: 'FROM alpine:3.20\nWORKDIR /app\n',
    },
    {
      name: 'only the first WORKDIR of the stage is reported',
      code: 'FROM alpine:3.13\nUSER mike\nWORKDIR [|path/to/workdir|]\nWORKDIR more\n',
      errors: ['relative'],
      output: 'FROM alpine:3.13\nUSER mike\nWORKDIR /path/to/workdir\nWORKDIR more\n',
    },
    { name: 'quoted', code: 'FROM alpine:3.20\nWORKDIR [|"my app"|]\n', errors: ['relative'], output: 'FROM alpine:3.20\nWORKDIR "/my app"\n' },
    {
      name: 'each stage chain on its own',
      code: 'FROM alpine:3.20 AS a\nWORKDIR /a\nFROM alpine:3.20\nWORKDIR [|b|]\n',
      errors: ['relative'],
      output: 'FROM alpine:3.20 AS a\nWORKDIR /a\nFROM alpine:3.20\nWORKDIR /b\n',
    },
    { name: 'CRLF', code: 'FROM alpine:3.20\r\nWORKDIR [|app|]\r\nCOPY . .\r\n', errors: ['relative'], output: 'FROM alpine:3.20\r\nWORKDIR /app\r\nCOPY . .\r\n' },
    { name: 'a dot is relative too', code: 'FROM alpine:3.20\nWORKDIR [|./app|]\n', errors: ['relative'], output: 'FROM alpine:3.20\nWORKDIR /./app\n' },
  ],
});
