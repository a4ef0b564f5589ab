import rule from '../../../../server/src/rules/dockerfile/stage-name-casing';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=build /app /app\n',
    { name: 'lower-case FROM and as', code: 'from golang:1.22 as build\n' },
    { name: 'mixed-case FROM is not compared', code: 'From golang:1.22 as build\n' },
    { name: 'no stage name', code: 'FROM golang:1.22\n' },
    { name: 'image names may have capitals elsewhere', code: 'FROM ghcr.io/Org/App:1 AS app\n' },
  ],
  invalid: [
    {
      name: 'renamed everywhere',
      code: 'FROM golang:1.22 AS [|Build|]\nRUN go build -o /app .\nFROM Build AS test\nFROM alpine:3.20\nCOPY --chown=0:0 --from=Build /app /app\nRUN --mount=type=cache,from=BUILD,target=/x ls /x\nCOPY --from=build /a /a\n',
      errors: ['nameCasing'],
      fixTitles: ['Rename the stage to "build" everywhere'],
      output: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM build AS test\nFROM alpine:3.20\nCOPY --chown=0:0 --from=build /app /app\nRUN --mount=type=cache,from=build,target=/x ls /x\nCOPY --from=build /a /a\n',
    },
    { name: 'as with upper-case FROM', code: 'FROM golang:1.7.3 [|as|] dep\n', errors: ['asCasing'], fixTitles: ['Write "AS"'], output: 'FROM golang:1.7.3 AS dep\n' },
    { name: 'AS with lower-case from', code: 'from golang:1.22 [|As|] build\n', errors: ['asCasing'], output: 'from golang:1.22 as build\n' },
    {
      name: 'both at once, with --platform and a continuation',
      code: 'FROM --platform=$BUILDPLATFORM golang:1.22 \\\n  [|as|] [|Builder|]\nFROM alpine:3.20\nCOPY --from=builder /a /a\n',
      errors: ['asCasing', 'nameCasing'],
      output: 'FROM --platform=$BUILDPLATFORM golang:1.22 \\\n  AS builder\nFROM alpine:3.20\nCOPY --from=builder /a /a\n',
    },
    { name: 'image that looks like the name is left alone', code: 'FROM golang:1.22 AS [|Tools|]\nFROM alpine:3.20\nCOPY --from=tools:1 /a /a\n', errors: ['nameCasing'], output: 'FROM golang:1.22 AS tools\nFROM alpine:3.20\nCOPY --from=tools:1 /a /a\n' },
  ],
});
