import rule from '../../../../server/src/rules/dockerfile/valid-label-key';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM alpine:3.20\nLABEL org.opencontainers.image.source="https://github.com/example/app" maintainer="team@example.com"\n',
    { name: 'label-schema with dashes and digits', code: 'FROM alpine:3.20\nLABEL org.label-schema.build-date="2024-01-01" com.example.v2=yes\n' },
    { name: 'variable keys are not guessed', code: 'FROM alpine:3.20\nARG K=a\nLABEL $K=b\n' },
    { name: 'ENV keys are not label keys', code: 'FROM alpine:3.20\nENV My_Var=1\n' },
  ],
  invalid: [
    { name: 'upper case', code: 'FROM alpine:3.20\nLABEL [|Description|]="My app"\n', errors: ['invalid'] },
    { name: 'reserved namespaces', code: 'FROM alpine:3.20\nLABEL [|com.docker.compose.project|]=app [|io.docker.x|]=1 [|org.dockerproject.y|]=2\n', errors: ['reserved', 'reserved', 'reserved'] },
    { name: 'underscore, consecutive dots, bad ends', code: 'FROM alpine:3.20\nLABEL [|my_label|]=1 [|com..example|]=2 [|9lives|]=3 [|trailing.|]=4\n', errors: ['invalid', 'invalid', 'invalid', 'invalid'] },
    { name: 'legacy form and quoted key', code: 'FROM alpine:3.20\nLABEL [|Vendor|] ACME\nLABEL [|"my key"|]=v\n', errors: ['invalid', 'invalid'] },
    { name: 'continuation', code: 'FROM alpine:3.20\nLABEL a=1 \\\n      [|B|]=2\n', errors: ['invalid'] },
  ],
});
