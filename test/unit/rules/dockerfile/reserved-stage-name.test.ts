import rule from '../../../../server/src/rules/dockerfile/reserved-stage-name';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM alpine:3.20 AS base\nFROM scratch\nCOPY --from=base /etc/passwd /etc/passwd\n',
    { name: 'reserved words as part of a name', code: 'FROM alpine:3.20 AS scratch-build\nFROM alpine:3.20 AS build-context\n' },
    { name: 'FROM scratch is the image', code: 'FROM scratch\n' },
  ],
  invalid: [
    { code: 'FROM alpine:3.20 AS [|scratch|]\n', errors: ['reserved'] },
    { name: 'case-insensitive', code: 'FROM alpine:3.20 as [|Context|]\n', errors: ['reserved'] },
  ],
});
