import rule from '../../../../server/src/rules/kubernetes/no-privileged-container';
import { run } from '../../../helpers/ruleTester';

const deploy = (sc: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels: {app: d}\n  template:\n    metadata:\n      labels: {app: d}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          securityContext:\n            privileged: ${sc}\n`;

run(rule, {
  valid: [
    deploy('false'),
    { name: 'string "true" is not a boolean', code: deploy('"true"') },
    { name: 'trailing shipshape-ignore', code: deploy('true # shipshape-ignore kubernetes/no-privileged-container -- needs /dev/fuse') },
    { name: 'shipshape-ignore on the line above', code: deploy('true').replace('            privileged', '            # shipshape-ignore kubernetes/no-privileged-container\n            privileged') },
    { name: 'kube-linter annotation', code: deploy('true').replace('  name: d\n', '  name: d\n  annotations:\n    ignore-check.kube-linter.io/privileged-container: "CSI driver"\n') },
    { name: 'shipshape.io/ignore annotation', code: deploy('true').replace('  name: d\n', '  name: d\n  annotations:\n    shipshape.io/ignore: kubernetes/no-privileged-container\n') },
  ],
  invalid: [
    { code: deploy('[|true|]'), errors: ['privileged'], fixTitles: ['Set privileged: false'], output: deploy('false') },
    { name: 'suppressed on another line only', code: deploy('[|true|] # keep the comment'), errors: ['privileged'], output: deploy('false # keep the comment') },
  ],
});
