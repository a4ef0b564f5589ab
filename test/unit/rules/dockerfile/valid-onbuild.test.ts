import rule from '../../../../server/src/rules/dockerfile/valid-onbuild';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM node:20-slim\nONBUILD COPY package.json ./\nONBUILD RUN npm ci\n',
    { name: 'words in arguments', code: 'FROM alpine:3.20\nONBUILD RUN echo ONBUILD FROM MAINTAINER\n' },
    { name: 'heredoc content', code: 'FROM alpine:3.20\nCOPY <<EOF /x\nONBUILD FROM y\nEOF\n' },
  ],
  invalid: [
    { code: 'FROM node:20-slim\nONBUILD [|ONBUILD|] RUN npm ci\n', errors: ['trigger'] },
    { name: 'FROM and MAINTAINER, any case', code: 'FROM alpine:3.20\nONBUILD [|from|] alpine:3.20\nonbuild [|Maintainer|] me\n', errors: ['trigger', 'trigger'] },
    { name: 'trigger on a continuation line', code: 'FROM alpine:3.20\nONBUILD \\\n  [|ONBUILD|] RUN x\n', errors: ['trigger'] },
  ],
});
