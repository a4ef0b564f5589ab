import rule from '../../../../server/src/rules/dockerfile/legacy-key-value-format';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM alpine:3.20\nENV APP_HOME=/app PATH=/app/bin:$PATH\nLABEL org.opencontainers.image.title="My app"\n',
    { name: 'ARG has no legacy form', code: 'FROM alpine:3.20\nARG VERSION\n' },
    { name: 'continued key=value', code: 'FROM alpine:3.20\nENV A=1 \\\n    B=2\n' },
    { name: 'heredoc content', code: 'FROM alpine:3.20\nCOPY <<EOF /etc/env\nENV A b\nEOF\n' },
  ],
  invalid: [
    { code: 'FROM alpine:3.20\nENV [|APP_HOME|] /app\n', errors: ['legacy'], fixTitles: ['Write APP_HOME=/app'], output: 'FROM alpine:3.20\nENV APP_HOME=/app\n' },
    { name: 'value with spaces is quoted', code: 'FROM alpine:3.20\nLABEL [|description|] My  app\n', errors: ['legacy'], output: 'FROM alpine:3.20\nLABEL description="My  app"\n' },
    { name: 'already quoted value is kept', code: 'FROM alpine:3.20\nENV [|GREETING|] "hello world"\n', errors: ['legacy'], output: 'FROM alpine:3.20\nENV GREETING="hello world"\n' },
    { name: 'variables keep working', code: 'FROM alpine:3.20\nENV [|PATH|] /app/bin:$PATH\n', errors: ['legacy'], output: 'FROM alpine:3.20\nENV PATH=/app/bin:$PATH\n' },
    { name: 'lower-case instruction, CRLF', code: 'FROM alpine:3.20\r\nenv [|A|] b\r\n', errors: ['legacy'], output: 'FROM alpine:3.20\r\nenv A=b\r\n' },
    { name: 'mixed quotes and spaces: no fix offered', code: 'FROM alpine:3.20\nENV [|A|] it\'s "x y" z\n', errors: ['legacy'] },
    { name: 'value continued over lines: no fix offered', code: 'FROM alpine:3.20\nENV [|A|] b \\\n  c\n', errors: ['legacy'] },
  ],
});
