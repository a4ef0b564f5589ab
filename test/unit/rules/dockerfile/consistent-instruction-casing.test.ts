import rule from '../../../../server/src/rules/dockerfile/consistent-instruction-casing';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["curl"]\n',
    { name: 'all lower case is consistent', code: 'from alpine:3.20\nrun apk add --no-cache curl\ncmd ["curl"]\n' },
    { name: 'arguments and heredocs do not count', code: 'FROM alpine:3.20\nRUN echo run from\nCOPY <<EOF /x\nrun me\nEOF\n' },
    { name: 'comments and directives do not count', code: '# syntax=docker/dockerfile:1\n# run this\nFROM alpine:3.20\n' },
  ],
  invalid: [
    {
      name: 'one lower-case instruction among upper-case ones',
      code: 'FROM alpine:3.20\n[|run|] apk add --no-cache curl\nCMD ["curl"]\n',
      errors: ['mixed'],
      fixTitles: ['Write all instructions in upper case'],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["curl"]\n',
    },
    {
      name: 'mixed-case keyword is always reported',
      code: 'FROM alpine:3.20\n[|Run|] echo\n',
      errors: ['mixed'],
      output: 'FROM alpine:3.20\nRUN echo\n',
    },
    {
      name: 'lower-case majority: the upper-case one is reported, the fix upper-cases the rest',
      code: 'from alpine:3.20\nrun echo a\n[|RUN|] echo b\ncmd ["sh"]\n',
      errors: ['mixed'],
      output: 'FROM alpine:3.20\nRUN echo a\nRUN echo b\nCMD ["sh"]\n',
    },
    {
      name: 'several, with continuations and CRLF',
      code: 'FROM alpine:3.20\r\n[|env|] A=1 \\\r\n  B=2\r\n[|copy|] . /app\r\nRUN true\r\n',
      errors: ['mixed', 'mixed'],
      output: 'FROM alpine:3.20\r\nENV A=1 \\\r\n  B=2\r\nCOPY . /app\r\nRUN true\r\n',
    },
  ],
});
