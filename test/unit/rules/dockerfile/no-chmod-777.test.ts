import rule from '../../../../server/src/rules/dockerfile/no-chmod-777';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM alpine:3.20\nRUN chmod 755 /app/run.sh\n',
    'FROM alpine:3.20\nRUN chmod -R g=u /app\n',
    { name: 'group-writable is the OpenShift pattern', code: 'FROM alpine:3.20\nRUN chmod -R 775 /app\n' },
    { name: 'sticky world-writable /tmp', code: 'FROM alpine:3.20\nRUN mkdir -p /tmp/x && chmod 1777 /tmp/x && chmod a+rwxt /tmp/y\n' },
    { name: '+w without who respects the umask', code: 'FROM alpine:3.20\nRUN chmod +w /app/data\n' },
    { name: 'removing permissions', code: 'FROM alpine:3.20\nRUN chmod -w /app && chmod o-rwx /secret\n' },
    'FROM alpine:3.20\nCOPY --chown=app:app --chmod=755 app /app\n',
    'FROM alpine:3.20\nRUN mkdir -p -m 750 /data\n',
    { name: 'heredoc file content', code: 'FROM alpine:3.20\nRUN cat <<EOF > /fix.sh\nchmod 777 /x\nEOF\n' },
    { name: 'mode copied from a reference file', code: 'FROM alpine:3.20\nRUN chmod --reference=/a /b\n' },
  ],
  invalid: [
    {
      name: 'non-recursive 777 offers 755 and 644',
      code: 'FROM alpine:3.20\nRUN chmod [|777|] /app/run.sh\n',
      errors: ['worldWritable'],
      fixTitles: ['Use 755 (no write permission for group and others)', 'Use 644 (a plain file: no execute bits)'],
      output: 'FROM alpine:3.20\nRUN chmod 755 /app/run.sh\n',
    },
    {
      name: 'recursive: folders need x, only 755',
      code: 'FROM alpine:3.20\nRUN chmod -R [|0777|] /app\n',
      errors: ['worldWritable'],
      fixTitles: ['Use 0755 (no write permission for group and others)'],
      output: 'FROM alpine:3.20\nRUN chmod -R 0755 /app\n',
    },
    { name: '666 becomes 644', code: 'FROM alpine:3.20\nRUN touch /app.log && chmod [|666|] /app.log\n', errors: ['worldWritable'], fixTitles: ['Use 644 (no write permission for group and others)'], output: 'FROM alpine:3.20\nRUN touch /app.log && chmod 644 /app.log\n' },
    { name: 'setgid is kept', code: 'FROM alpine:3.20\nRUN chmod --recursive [|2777|] /shared\n', errors: ['worldWritable'], output: 'FROM alpine:3.20\nRUN chmod --recursive 2755 /shared\n' },
    { name: 'symbolic: no fix', code: 'FROM alpine:3.20\nRUN chmod -R [|a+rwx|] /data && chmod [|u+x,o+w|] /x && chmod [|ugo=rwx|] /y\n', errors: ['worldWritable', 'worldWritable', 'worldWritable'] },
    {
      name: 'continuation and comment inside RUN',
      code: 'FROM debian:bookworm-slim\nRUN mkdir -p /srv \\\n  # open up\n  && chmod -R \\\n    [|777|] /srv\n',
      errors: ['worldWritable'],
      output: 'FROM debian:bookworm-slim\nRUN mkdir -p /srv \\\n  # open up\n  && chmod -R \\\n    755 /srv\n',
    },
    { name: 'mkdir -m', code: 'FROM alpine:3.20\nRUN mkdir -p -m [|777|] /data\n', errors: ['worldWritable'], fixTitles: ['Use 755 (no write permission for group and others)'], output: 'FROM alpine:3.20\nRUN mkdir -p -m 755 /data\n' },
    { name: 'install --mode=', code: 'FROM alpine:3.20\nRUN install [|--mode=0777|] tool /usr/local/bin/tool\n', errors: ['worldWritable'], output: 'FROM alpine:3.20\nRUN install --mode=0755 tool /usr/local/bin/tool\n' },
    { name: 'quoted mode: no fix', code: 'FROM alpine:3.20\nRUN chmod [|"777"|] /x\n', errors: ['worldWritable'] },
    { name: 'exec form: no fix', code: 'FROM alpine:3.20\nRUN [|["chmod", "777", "/x"]|]\n', errors: ['worldWritable'] },
    { name: 'COPY --chmod', code: 'FROM alpine:3.20\nCOPY --chown=app --chmod=[|777|] app /app\n', errors: ['worldWritable'], fixTitles: ['Use 755 (no write permission for group and others)'], output: 'FROM alpine:3.20\nCOPY --chown=app --chmod=755 app /app\n' },
    { name: 'ADD --chmod, build stage too', code: 'FROM alpine:3.20 AS build\nADD --chmod=[|666|] https://example.com/x.txt /x.txt\n', errors: ['worldWritable'], output: 'FROM alpine:3.20 AS build\nADD --chmod=644 https://example.com/x.txt /x.txt\n' },
    { name: 'heredoc script', code: 'FROM alpine:3.20\nRUN <<EOF\nchmod [|o+w|] /etc/app.conf\nEOF\n', errors: ['worldWritable'] },
  ],
});
