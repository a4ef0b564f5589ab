import rule from '../../../../server/src/rules/dockerfile/valid-copy-from';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    { name: 'trivy DS-0006 good case', code: 'FROM golang:1.7.3 as dep\nCOPY  /binary /\n\nFROM alpine:3.13\nUSER mike\nENTRYPOINT [ "/opt/app/run.sh --port 8080" ]' },
    { name: 'named stage, other case', code: 'FROM golang:1.22 AS Builder\nFROM alpine:3.20\nCOPY --from=builder /app /app\n' },
    { name: 'earlier stage by number', code: 'FROM golang:1.22\nFROM golang:1.22\nCOPY --from=0 app/ /app/\n' },
    { name: 'images', code: 'FROM alpine:3.20\nCOPY --from=nginx:1.27 /a /a\nCOPY --from=ghcr.io/org/tool /t /t\nCOPY --from=docker.io/library/busybox@sha256:abc /bin/busybox /bin/\n' },
    { name: 'variables are not guessed', code: 'ARG SRC=build\nFROM golang:1.22 AS build\nFROM alpine:3.20\nARG SRC\nCOPY --from=$SRC /a /a\n' },
    { name: 'stage defined later in the file (BuildKit resolves it)', code: 'FROM alpine:3.20 AS final\nCOPY --from=build /app /app\nFROM golang:1.22 AS build\n' },
    { name: 'RUN text and heredocs are not COPY', code: 'FROM alpine:3.20\nRUN echo "COPY --from=nope a b"\nCOPY <<EOF /x\nCOPY --from=nope a b\nEOF\n' },
  ],
  invalid: [
    { name: 'trivy DS-0006 bad case', code: 'FROM golang:1.7.3 as dep\nCOPY --from=[|dep|] /binary /\n\nFROM alpine:3.13\nUSER mike\nENTRYPOINT [ "/opt/app/run.sh --port 8080" ]', errors: ['self'] },
    { name: 'self, other case', code: 'FROM golang:1.18 as Builder\nCOPY --from=[|builder|] /binary /\n', errors: ['self'] },
    { name: 'self by number', code: 'FROM golang:1.22\nFROM alpine:3.20\nCOPY --from=[|1|] /a /a\n', errors: ['self'] },
    { name: 'typo gets a suggestion', code: 'FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=[|biuld|] /app /app\n', errors: ['undefinedSuggest'] },
    { name: 'undefined alias', code: 'FROM golang:1.22\nCOPY --from=[|dep|] /binary /\nFROM golang:1.22\nCOPY --from=0 app/ /app/\n', errors: ['undefined'] },
    { name: 'later stage by number', code: 'FROM golang:1.22\nFROM alpine:3.20\nCOPY --from=[|2|] /a /a\nFROM alpine:3.20\n', errors: ['badIndex'] },
    { name: 'first stage has nothing earlier', code: 'FROM golang:1.22\nCOPY --from=[|3|] /a /a\n', errors: ['firstStage'] },
    { name: 'continuation and other flags', code: 'FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --chown=1:1 \\\n  --from=[|buid|] /app /app\n', errors: ['undefinedSuggest'] },
  ],
});
