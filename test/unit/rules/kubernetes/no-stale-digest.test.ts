import rule from '../../../../server/src/rules/kubernetes/no-stale-digest';
import { run } from '../../../helpers/ruleTester';

const OLD = 'sha256:' + '0'.repeat(64);
const NEW = 'sha256:' + '1'.repeat(64);
const pod = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: ${image}\n`;

run(rule, {
  valid: [pod(`nginx:1.27@${NEW}`), pod('nginx:1.27'), pod(`nginx@${OLD}`)],
  invalid: [
    { code: pod(`nginx:1.27@[|${OLD}|]`), errors: ['stale'], fixTitles: ['Use the digest the tag points to now'], output: pod(`nginx:1.27@${NEW}`) },
    { name: 'quoted', code: pod(`"nginx:1.27@[|${OLD}|]" # pinned by CI`), errors: ['stale'], output: pod(`"nginx:1.27@${NEW}" # pinned by CI`) },
  ],
});
