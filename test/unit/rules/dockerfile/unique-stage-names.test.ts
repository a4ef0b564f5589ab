import rule from '../../../../server/src/rules/dockerfile/unique-stage-names';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    { name: 'trivy good case', code: 'FROM baseImage:1.1\nRUN test\n\nFROM debian:jesse2 as build2\nUSER mike\nRUN stuff\n\nFROM debian:jesse1 as build1\nUSER mike\nRUN more_stuff' },
    { name: 'unnamed stages', code: 'FROM alpine:3.20\nFROM alpine:3.20\n' },
    { name: 'stage name used as a base', code: 'FROM alpine:3.20 AS base\nFROM base AS final\n' },
  ],
  invalid: [
    {
      name: 'trivy bad case',
      code: 'FROM baseImage:1.1\nRUN test\n\nFROM debian:jesse2 as build\nUSER mike\nRUN stuff\n\nFROM debian:jesse1 as [|build|]\nUSER mike\nRUN more_stuff',
      errors: ['duplicate'],
    },
    { name: 'case-insensitive, extra spaces', code: 'FROM a:1 AS Build\nFROM b:1 as    [|build|]\nFROM c:1 AS [|BUILD|]\n', errors: ['duplicate', 'duplicate'] },
  ],
});
