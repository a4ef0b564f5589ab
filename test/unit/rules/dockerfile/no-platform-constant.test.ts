import rule from '../../../../server/src/rules/dockerfile/no-platform-constant';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM alpine:3.20\n',
    { name: 'no flag', code: 'FROM alpine:3.20\n' },
    { name: 'ARG-driven platform', code: 'ARG PLATFORM=linux/amd64\nFROM --platform=${PLATFORM} alpine:3.20\n' },
    { name: 'stage name mentions the architecture', code: 'FROM --platform=linux/amd64 alpine:3.20 AS runtime-amd64\nFROM --platform=linux/x86_64 alpine:3.20 AS build-amd64\nFROM --platform=windows/amd64 nanoserver AS windows-base\n' },
    { name: 'stage name mentions the os', code: 'FROM --platform=linux/arm64 alpine:3.20 AS linux-tools\n' },
  ],
  invalid: [
    { code: 'FROM [|--platform=linux/amd64|] alpine:3.20\n', errors: ['constant'] },
    { name: 'name does not mention it', code: 'FROM [|--platform=linux/arm64/v8|] alpine:3.20 AS build-amd64\n', errors: ['constant'] },
    { name: 'arch only', code: 'FROM [|--platform=arm64|] alpine:3.20 AS build\n', errors: ['constant'] },
    {
      name: 'redundant $TARGETPLATFORM',
      code: 'FROM [|--platform=$TARGETPLATFORM|] alpine:3.20\n',
      errors: ['redundant'],
      fixTitles: ['Remove --platform'],
      output: 'FROM alpine:3.20\n',
    },
    {
      name: 'braced, lower-case, with a stage name',
      code: 'from [|--platform=${TARGETPLATFORM}|]  alpine:3.20 as final\n',
      errors: ['redundant'],
      output: 'from alpine:3.20 as final\n',
    },
  ],
});
