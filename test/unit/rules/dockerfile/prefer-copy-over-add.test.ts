import rule from '../../../../server/src/rules/dockerfile/prefer-copy-over-add';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM alpine:3.20\nCOPY . /app\n',
    'FROM alpine:3.20\nADD https://example.com/tool.tar.gz /opt/\n',
    'FROM alpine:3.20\nADD rootfs.tar.xz /\n',
    { name: 'quoted archive', code: 'FROM alpine:3.20\nADD "/target/resources.tar.gz" "resources"\n' },
    'FROM alpine:3.20\nADD git@github.com:moby/buildkit.git /src\n',
    'FROM alpine:3.20\nADD --checksum=sha256:abc https://example.com/x /x\n',
    { name: 'variables may hold a URL', code: 'FROM alpine:3.20\nARG URL\nADD $URL /x\n' },
    { name: 'an ARG default that is an archive', code: 'FROM alpine:3.20\nARG BUNDLE=dist.tar.gz\nADD ${BUNDLE} /srv/\n' },
  ],
  invalid: [
    {
      name: 'ARG default resolved (the Spring guide Dockerfile)',
      code: 'FROM eclipse-temurin:21-jre\nARG JAR_FILE=target/app.jar\n[|ADD|] ${JAR_FILE} app.jar\n',
      errors: ['useCopy'],
      output: 'FROM eclipse-temurin:21-jre\nARG JAR_FILE=target/app.jar\nCOPY ${JAR_FILE} app.jar\n',
    },
    { code: 'FROM alpine:3.20\n[|ADD|] . /app\n', errors: ['useCopy'], output: 'FROM alpine:3.20\nCOPY . /app\n', fixTitles: ['Replace ADD with COPY'] },
    { code: 'FROM alpine:3.20\n[|add|] --chown=1000:1000 src/ /app/src/\n', errors: ['useCopy'], output: 'FROM alpine:3.20\nCOPY --chown=1000:1000 src/ /app/src/\n' },
    { name: 'JSON form', code: 'FROM alpine:3.20\n[|ADD|] ["a b.txt", "/app/"]\n', errors: ['useCopy'], output: 'FROM alpine:3.20\nCOPY ["a b.txt", "/app/"]\n' },
    { name: 'CRLF line endings are kept', code: 'FROM alpine:3.20\r\n[|ADD|] . /app\r\n', errors: ['useCopy'], output: 'FROM alpine:3.20\r\nCOPY . /app\r\n' },
    { name: 'suppression of another rule does not hide it', code: '# shipshape-ignore dockerfile/no-latest-tag\nFROM alpine:3.20\n[|ADD|] . /app\n', errors: ['useCopy'], output: '# shipshape-ignore dockerfile/no-latest-tag\nFROM alpine:3.20\nCOPY . /app\n' },
  ],
});
