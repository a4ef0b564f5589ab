import rule from '../../../../server/src/rules/dockerfile/no-env-self-reference';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM alpine:3.20\nENV APP=/app\nENV BIN=$APP/bin\n',
    { name: 'own old value', code: 'FROM alpine:3.20\nENV PATH=/app/bin:$PATH LD_LIBRARY_PATH=/app/lib:${LD_LIBRARY_PATH}\n' },
    { name: 'set earlier in the stage', code: 'FROM alpine:3.20\nENV APP=/a\nENV APP=/b BIN=$APP\n' },
    { name: 'declared by ARG earlier in the stage', code: 'FROM alpine:3.20\nARG X APP\nENV APP=/b BIN=$APP\n' },
    { name: 'set by ENV in the parent stage', code: 'FROM alpine:3.20 AS base\nENV APP=/a\nFROM base\nENV APP=/b BIN=$APP\n' },
    { name: 'single quotes and escapes do not expand', code: 'FROM alpine:3.20\nENV A=1 B=\'$A\' C=\\$A\n' },
    { name: 'RUN and heredocs are not ENV', code: 'FROM alpine:3.20\nRUN A=1 B=$A env\nCOPY <<EOF /env\nENV A=1 B=$A\nEOF\n' },
  ],
  invalid: [
    { code: 'FROM alpine:3.20\nENV APP=/app BIN=[|$APP|]/bin\n', errors: ['sameEnv'] },
    { name: 'used before it is set, braces and quotes', code: 'FROM alpine:3.20\nENV B=[|${A}|] C="[|$A|]" A=1\n', errors: ['sameEnv', 'sameEnv'] },
    { name: 'continuation lines', code: 'FROM golang:1.22\nENV GOPATH=/x \\\n    PATH=[|$GOPATH|]/bin:$PATH\n', errors: ['sameEnv'] },
    { name: 'a global ARG is not in scope until redeclared', code: 'ARG A=1\nFROM alpine:3.20\nENV A=2 B=[|$A|]\n', errors: ['sameEnv'] },
  ],
});
