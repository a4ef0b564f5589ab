import rule from '../../../../server/src/rules/dockerfile/no-copy-whole-stage';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM golang:1.22 AS build\nRUN go build -o /out/server .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/server /server\n',
    { name: 'root of the build context is fine', code: 'FROM alpine:3.20\nCOPY / /src/\n' },
    { name: 'a folder below the root', code: 'FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=build /out/ /\n' },
  ],
  invalid: [
    { code: 'FROM golang:1.22 AS build\nFROM debian:bookworm-slim\nCOPY --from=build [|/|] /\n', errors: ['wholeRoot'] },
    { name: 'other spellings of the root, images, JSON form', code: 'FROM alpine:3.20\nCOPY --from=busybox:1.36 [|/.|] /x/\nCOPY --from=0 [|/*|] /y/\nCOPY ["--from=0", "/", "/z/"]\nCOPY --from=0 [[|"/"|], "/w/"]\n', errors: ['wholeRoot', 'wholeRoot', 'wholeRoot'] },
  ],
});
