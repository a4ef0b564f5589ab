/**
 * The parsed Dockerfile that rules read: dockerfile-ast's AST plus what rules keep asking for —
 * build stages, the final stage, and FROM images with ARG defaults substituted and stage names
 * told apart from images.
 */
import { DockerfileParser, type Dockerfile, type From, type Instruction } from 'dockerfile-ast';
import { LineIndex } from '../../engine/text';
import type { Range } from '../../engine/types';
import { parseImageReference, type ImageReference } from '../image';

export interface Stage {
  index: number;
  from: From;
  /** The stage's `AS` name, lower-cased, if any. */
  name?: string;
  /** Instructions after FROM up to the next FROM. */
  instructions: Instruction[];
  /** The FROM image after ARG substitution; undefined when it names an earlier stage or cannot be resolved. */
  image?: ImageReference;
  /** The resolved FROM text (ARG defaults substituted), or undefined if a variable has no value. */
  imageText?: string;
  /** The earlier stage this one builds on (`FROM builder`). */
  parentStage?: Stage;
}

export class DockerfileModel {
  readonly ast: Dockerfile;
  readonly lines: LineIndex;
  readonly stages: Stage[];

  constructor(readonly text: string) {
    this.ast = DockerfileParser.parse(text);
    this.lines = new LineIndex(text);
    this.stages = this.buildStages();
  }

  get finalStage(): Stage | undefined {
    return this.stages[this.stages.length - 1];
  }

  /** The image a stage ultimately builds on, following `FROM <earlier stage>` chains. */
  baseImageOf(stage: Stage): ImageReference | undefined {
    let s: Stage | undefined = stage;
    for (let guard = 0; s && guard < 100; guard++) {
      if (s.image) return s.image;
      s = s.parentStage;
    }
    return undefined;
  }

  /** Values of global ARGs (declared before the first FROM), as `FROM` sees them. */
  globalArgs(): Map<string, string | undefined> {
    const args = new Map<string, string | undefined>();
    for (const arg of this.ast.getInitialARGs()) {
      const prop = arg.getProperty();
      if (!prop) continue;
      const name = prop.getName();
      const value = prop.getValue();
      args.set(name, value === null ? undefined : this.substitute(value, args));
    }
    return args;
  }

  /**
   * Substitutes `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alt}` with the given values.
   * Returns undefined if a variable is unknown or has no value and no default.
   */
  substitute(text: string, vars: Map<string, string | undefined>): string | undefined {
    let failed = false;
    const out = text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
      (_m, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
        const name = braced ?? bare ?? '';
        const value = vars.get(name);
        if (op?.endsWith('-')) return value ? value : word ?? '';
        if (op?.endsWith('+')) return value ? word ?? '' : '';
        if (value === undefined) {
          failed = true;
          return '';
        }
        return value;
      });
    return failed ? undefined : out;
  }

  /** Instructions of a stage with the given keyword (upper-case). */
  instructionsOf(stage: Stage, keyword: string): Instruction[] {
    return stage.instructions.filter((i) => i.getKeyword() === keyword);
  }

  rangeOfLine(line: number): Range {
    return { start: { line, character: 0 }, end: { line, character: this.lines.lineText(line).length } };
  }

  private buildStages(): Stage[] {
    const froms = this.ast.getFROMs();
    const all = this.ast.getInstructions();
    const args = this.globalArgs();
    const stages: Stage[] = [];
    froms.forEach((from, index) => {
      const startLine = from.getRange().start.line;
      const nextLine = index + 1 < froms.length ? froms[index + 1].getRange().start.line : Number.MAX_SAFE_INTEGER;
      const instructions = all.filter((i) => {
        const l = i.getRange().start.line;
        return l > startLine && l < nextLine;
      });
      const raw = from.getImage() ?? '';
      const imageText = raw ? this.substitute(raw, args) : undefined;
      const stage: Stage = { index, from, name: from.getBuildStage()?.toLowerCase() ?? undefined, instructions, imageText };
      const parent = imageText ? stages.find((s) => s.name === imageText.toLowerCase()) : undefined;
      if (parent) stage.parentStage = parent;
      else if (imageText) stage.image = parseImageReference(imageText);
      stages.push(stage);
    });
    return stages;
  }
}
