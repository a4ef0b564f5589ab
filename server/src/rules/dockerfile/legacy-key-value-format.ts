import type { Property } from 'dockerfile-ast';
import { defineRule, type FixSpec } from '../../engine/rule';

/** Whether `raw` has whitespace outside quotes (it would split into several words in `key=value` form); undefined when a quote is left open. */
function hasBareWhitespace(raw: string, escape: string): boolean | undefined {
  let quote = '';
  let bare = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === escape && quote !== "'") i++;
    else if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (/\s/.test(c)) bare = true;
  }
  return quote ? undefined : bare;
}

export default defineRule({
  id: 'dockerfile/legacy-key-value-format',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Write ENV and LABEL as key=value, not as "key value".',
  rationale:
    'The old `ENV key value` form takes everything after the first space as the value, so `ENV PATH /bin FOO=1` sets PATH to ' +
    '"/bin FOO=1" rather than two variables, and it allows only one variable per instruction. Docker documents it as ' +
    'deprecated and BuildKit warns about it. `key=value` (with quotes around values that contain spaces) reads the same ' +
    'everywhere.',
  fixable: true,
  sources: [{ tool: 'buildkit', id: 'LegacyKeyValueFormat' }],
  messages: {
    legacy: '{{keyword}} {{name}} uses the legacy "key value" form. Write {{name}}={{value}}.',
  },
  examples: {
    valid: ['FROM alpine:3.20\nENV APP_HOME=/app\nLABEL org.opencontainers.image.title="My app"\n'],
    invalid: ['FROM alpine:3.20\nENV APP_HOME /app\n', 'FROM alpine:3.20\nLABEL description My app\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const escape = model.ast.getEscapeCharacter();
    for (const instr of model.ast.getInstructions()) {
      const keyword = instr.getKeyword();
      if (keyword !== 'ENV' && keyword !== 'LABEL') continue;
      const props = (instr as unknown as { getProperties(): Property[] }).getProperties();
      if (props.length !== 1) continue;
      const prop = props[0];
      const valueRange = prop.getValueRange();
      if (prop.getAssignmentOperator() !== null || prop.getValue() === null || !valueRange) continue;
      const nameRange = prop.getNameRange();
      const raw = model.text.slice(model.lines.offsetAt(valueRange.start), model.lines.offsetAt(valueRange.end));
      let value: string | undefined;
      const bare = hasBareWhitespace(raw, escape);
      if (raw.includes('\n') || raw.includes('\r') || bare === undefined) value = undefined; // continued over lines, or odd quoting: by hand
      else if (!bare) value = raw;
      else if (!/["'\\`]/.test(raw) && !raw.includes(escape)) value = `"${raw}"`;
      const shown = value ?? `"${prop.getValue()}"`;
      let fix: FixSpec | undefined;
      if (value !== undefined) {
        fix = {
          title: `Write ${prop.getName()}=${value}`,
          edits: [
            { range: { start: nameRange.end, end: valueRange.start }, newText: '=' },
            ...(value !== raw ? [{ range: valueRange, newText: value }] : []),
          ],
        };
      }
      ctx.report({ range: nameRange, messageId: 'legacy', data: { keyword, name: prop.getName(), value: shown }, fix });
    }
  },
});
