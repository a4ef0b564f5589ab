import rule from '../../../../server/src/rules/dockerfile/no-duplicate-instructions';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    { name: 'one per stage', code: 'FROM golang:1.7.3\nUSER mike\nCMD ./apps\nFROM alpine:3.13\nCMD ./app' },
    { name: 'CMD and ENTRYPOINT together', code: 'FROM alpine:3.20\nENTRYPOINT ["/app"]\nCMD ["--help"]\nHEALTHCHECK NONE\n' },
    { name: 'ONBUILD triggers do not count', code: 'FROM alpine:3.20\nONBUILD CMD ["a"]\nCMD ["b"]\n' },
    { name: 'heredoc text is data', code: 'FROM alpine:3.20\nCOPY <<EOF /Dockerfile.tpl\nCMD a\nCMD b\nEOF\nCMD ["c"]\n' },
  ],
  invalid: [
    {
      name: 'trivy DS-0016 bad case',
      code: 'FROM golang:1.7.3\nUSER mike\n[|CMD|] ./app\nCMD ./apps\nFROM alpine:3.13\nCMD ./app',
      errors: ['overridden'],
      fixTitles: ['Remove the overridden CMD'],
      output: 'FROM golang:1.7.3\nUSER mike\nCMD ./apps\nFROM alpine:3.13\nCMD ./app',
    },
    {
      name: 'trivy DS-0007 bad case',
      code: 'FROM golang:1.7.3 as dep\nCOPY dep /binary /\n[|ENTRYPOINT|] [ "/opt/app/run.sh --port 8080" ]\nENTRYPOINT [ "/opt/app/run.sh --port 8080" ]\n\nFROM alpine:3.13\nUSER mike\nENTRYPOINT [ "/opt/app/run.sh --port 8080" ]',
      errors: ['overridden'],
      output: 'FROM golang:1.7.3 as dep\nCOPY dep /binary /\nENTRYPOINT [ "/opt/app/run.sh --port 8080" ]\n\nFROM alpine:3.13\nUSER mike\nENTRYPOINT [ "/opt/app/run.sh --port 8080" ]',
    },
    {
      name: 'trivy DS-0023 bad case',
      code: 'FROM busybox:1.33.1\n[|HEALTHCHECK|] CMD curl http://localhost:8080\nHEALTHCHECK CMD /bin/healthcheck\n\nFROM alpine:3.13\nHEALTHCHECK CMD /bin/healthcheck\nUSER mike\nCMD ./app',
      errors: ['overridden'],
      output: 'FROM busybox:1.33.1\nHEALTHCHECK CMD /bin/healthcheck\n\nFROM alpine:3.13\nHEALTHCHECK CMD /bin/healthcheck\nUSER mike\nCMD ./app',
    },
    {
      name: 'three of a kind; continuation lines and comments inside go too',
      code: 'FROM alpine:3.20\n[|CMD|] ["a", \\\n  # first\n  "b"]\n[|cmd|] ["c"]\nRUN echo\nCMD ["d"]\n',
      errors: ['overridden', 'overridden'],
      output: 'FROM alpine:3.20\nRUN echo\nCMD ["d"]\n',
    },
    {
      name: 'HEALTHCHECK NONE counts too; comments above are kept; CRLF',
      code: 'FROM alpine:3.20\r\n# health\r\n[|HEALTHCHECK|] NONE\r\nHEALTHCHECK --interval=30s CMD wget -q -O- http://localhost/ || exit 1\r\n',
      errors: ['overridden'],
      output: 'FROM alpine:3.20\r\n# health\r\nHEALTHCHECK --interval=30s CMD wget -q -O- http://localhost/ || exit 1\r\n',
    },
  ],
});
