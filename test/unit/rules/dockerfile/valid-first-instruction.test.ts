import rule from '../../../../server/src/rules/dockerfile/valid-first-instruction';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM alpine:3.20\nRUN echo\n',
    { name: 'directives, comments and global ARGs first', code: '# syntax=docker/dockerfile:1\n# escape=\\\n\n# build args\nARG VERSION=3.20\nARG BASE=alpine\nFROM ${BASE}:${VERSION}\n' },
    { name: 'an empty file has nothing in the wrong place', code: '' },
    { name: 'only ARGs', code: 'ARG X=1\n' },
  ],
  invalid: [
    { code: '[|LABEL|] org.opencontainers.image.title="app"\nFROM alpine:3.20\n', errors: ['beforeFrom'] },
    { name: 'each one before FROM, after ARGs', code: 'ARG A=1\n[|ENV|] B=2\n[|run|] echo\nFROM alpine:3.20\nRUN echo\n', errors: ['beforeFrom', 'beforeFrom'] },
    { name: 'no FROM at all', code: '# c\n[|RUN|] echo hi\n', errors: ['beforeFrom'] },
  ],
});
