import rule from '../../../../server/src/rules/kubernetes/no-host-aliases';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n',
    { name: 'an empty list', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostAliases: []\n  containers:\n    - name: app\n      image: app:1.0\n' },
  ],
  invalid: [
    {
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: billing\nspec:\n  template:\n    spec:\n      [|hostAliases|]: # until DNS is migrated\n        - ip: 10.20.0.5\n          hostnames: [legacy-db, legacy-db.corp]\n      containers:\n        - name: app\n          image: app:1.0\n',
      errors: ['hostAliases'],
    },
    {
      name: 'CronJob, flow style',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: report}\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec: {restartPolicy: Never, [|hostAliases|]: [{ip: 10.0.0.1, hostnames: [a, b, c, d]}], containers: [{name: r, image: "r:1"}]}\n',
      errors: ['hostAliases'],
    },
  ],
});
