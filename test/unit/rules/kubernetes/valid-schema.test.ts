import rule from '../../../../server/src/rules/kubernetes/valid-schema';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n',
    { name: 'custom resources are not flagged', code: 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  anything: [1, 2]\n' },
    { name: 'a non-Kubernetes document in the same file', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n---\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n' },
  ],
  invalid: [
    { name: 'wrong type', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: [|three|]\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n', errors: ['problem'] },
  ],
});
