// The ONE table the playground's forms are generated from: every transform class @aug/transforms
// exports, its options as torchvision names them (camelCase), and a default for each field. A step's
// form values become `{ type, options }`, the spec `transformFromJSON` builds the transform from, so
// the library itself checks every value (an option out of range is its RangeError, shown on the page).
import type { JsonValue, TransformSpec } from '@aug/transforms';

/**
 * How a field is edited: `number` (one number), `numbers` (one or more numbers, comma separated: a size,
 * a range, a fill), `bool`, `enum` (one of `choices`), `json` (any JSON value, e.g. a matrix).
 */
export type FieldKind = 'number' | 'numbers' | 'bool' | 'enum' | 'json';

/** One option of a transform. */
export interface Field {
  /** The option's name in the spec (torchvision's argument name in camelCase). */
  key: string;
  kind: FieldKind;
  /** The value a new step starts with; undefined leaves the option out (the library's default). */
  default?: JsonValue;
  choices?: readonly (string | number)[];
  /** Input hints only (the library checks the real bounds). */
  min?: number;
  max?: number;
  step?: number;
}

/** One transform class. */
export interface TableEntry {
  type: string;
  group: 'containers' | 'geometry' | 'colour' | 'policies' | 'tensor' | 'detection' | 'batch' | 'other';
  fields: readonly Field[];
  /** Wraps the steps above it (Compose, RandomApply, RandomChoice, RandomOrder). */
  container?: boolean;
  /** Only for pictures with boxes (acts on the targets). */
  needsBoxes?: boolean;
  /** Needs a float image: the page adds ToTensor before it when the pipeline has none. */
  needsFloat?: boolean;
  /** Why it cannot be a step of an image-to-image gallery (shown in the list, disabled). */
  unavailable?: string;
}

const p = (value = 0.5): Field => ({ key: 'p', kind: 'number', default: value, min: 0, max: 1, step: 0.05 });
const interpolation = (def = 'bilinear', choices: readonly string[] = ['nearest', 'bilinear', 'bicubic']): Field => ({ key: 'interpolation', kind: 'enum', default: def, choices });
const GRID = ['nearest', 'bilinear'] as const;
const fill: Field = { key: 'fill', kind: 'numbers', default: 0 };
/** The policies' fill: empty is the library's default (null: black). */
const policyFill: Field = { key: 'fill', kind: 'numbers' };
const paddingMode: Field = { key: 'paddingMode', kind: 'enum', default: 'constant', choices: ['constant', 'edge', 'reflect', 'symmetric'] };

/** Every transform class of @aug/transforms, in the order the "Add" list shows them. */
export const TRANSFORM_TABLE: readonly TableEntry[] = [
  { type: 'RandomHorizontalFlip', group: 'geometry', fields: [p()] },
  { type: 'RandomVerticalFlip', group: 'geometry', fields: [p()] },
  {
    type: 'RandomResizedCrop',
    group: 'geometry',
    fields: [
      { key: 'size', kind: 'numbers', default: [200, 200] },
      { key: 'scale', kind: 'numbers', default: [0.1, 1] },
      { key: 'ratio', kind: 'numbers', default: [0.5, 2] },
      interpolation(),
      { key: 'antialias', kind: 'bool', default: true },
    ],
  },
  { type: 'Resize', group: 'geometry', fields: [{ key: 'size', kind: 'numbers', default: [64, 64] }, interpolation(), { key: 'maxSize', kind: 'number' }, { key: 'antialias', kind: 'bool', default: true }] },
  { type: 'CenterCrop', group: 'geometry', fields: [{ key: 'size', kind: 'numbers', default: [24, 24] }] },
  { type: 'RandomCrop', group: 'geometry', fields: [{ key: 'size', kind: 'numbers', default: [32, 32] }, { key: 'padding', kind: 'numbers', default: 4 }, { key: 'padIfNeeded', kind: 'bool', default: false }, fill, paddingMode] },
  { type: 'Pad', group: 'geometry', fields: [{ key: 'padding', kind: 'numbers', default: 4 }, fill, paddingMode] },
  { type: 'RandomRotation', group: 'geometry', fields: [{ key: 'degrees', kind: 'numbers', default: [-30, 30] }, interpolation('nearest', GRID), { key: 'expand', kind: 'bool', default: false }, { key: 'center', kind: 'numbers' }, fill] },
  {
    type: 'RandomAffine',
    group: 'geometry',
    fields: [
      { key: 'degrees', kind: 'numbers', default: [-15, 15] },
      { key: 'translate', kind: 'numbers', default: [0.1, 0.1] },
      { key: 'scale', kind: 'numbers', default: [0.9, 1.1] },
      { key: 'shear', kind: 'numbers' },
      interpolation('nearest', GRID),
      fill,
    ],
  },
  { type: 'RandomPerspective', group: 'geometry', fields: [{ key: 'distortionScale', kind: 'number', default: 0.5, min: 0, max: 1, step: 0.05 }, p(), interpolation('bilinear', GRID), fill] },
  { type: 'ElasticTransform', group: 'geometry', fields: [{ key: 'alpha', kind: 'numbers', default: 50 }, { key: 'sigma', kind: 'numbers', default: 5 }, interpolation('bilinear', GRID), fill] },
  { type: 'RandomZoomOut', group: 'geometry', fields: [fill, { key: 'sideRange', kind: 'numbers', default: [1, 4] }, p()] },
  { type: 'RandomShortestSize', group: 'geometry', fields: [{ key: 'minSize', kind: 'numbers', default: [24, 32, 40] }, { key: 'maxSize', kind: 'number' }, interpolation(), { key: 'antialias', kind: 'bool', default: true }] },
  { type: 'RandomResize', group: 'geometry', fields: [{ key: 'minSize', kind: 'number', default: 24 }, { key: 'maxSize', kind: 'number', default: 48 }, interpolation(), { key: 'antialias', kind: 'bool', default: true }] },
  { type: 'ScaleJitter', group: 'geometry', fields: [{ key: 'targetSize', kind: 'numbers', default: [32, 32] }, { key: 'scaleRange', kind: 'numbers', default: [0.1, 2] }, interpolation(), { key: 'antialias', kind: 'bool', default: true }] },
  {
    type: 'ColorJitter',
    group: 'colour',
    fields: [
      { key: 'brightness', kind: 'numbers', default: 0.5 },
      { key: 'contrast', kind: 'numbers', default: 0.5 },
      { key: 'saturation', kind: 'numbers', default: 0.5 },
      { key: 'hue', kind: 'numbers', default: 0.5 },
    ],
  },
  { type: 'RandomGrayscale', group: 'colour', fields: [p(0.1)] },
  { type: 'Grayscale', group: 'colour', fields: [{ key: 'numOutputChannels', kind: 'enum', default: 3, choices: [1, 3] }] },
  { type: 'GaussianBlur', group: 'colour', fields: [{ key: 'kernelSize', kind: 'numbers', default: [5, 5] }, { key: 'sigma', kind: 'numbers', default: [0.1, 2] }] },
  { type: 'RandomInvert', group: 'colour', fields: [p()] },
  { type: 'RandomPosterize', group: 'colour', fields: [{ key: 'bits', kind: 'number', default: 2, min: 0, max: 8, step: 1 }, p()] },
  { type: 'RandomSolarize', group: 'colour', fields: [{ key: 'threshold', kind: 'number', default: 192, min: 0, max: 255 }, p()] },
  { type: 'RandomAdjustSharpness', group: 'colour', fields: [{ key: 'sharpnessFactor', kind: 'number', default: 2, min: 0, step: 0.1 }, p()] },
  { type: 'RandomAutocontrast', group: 'colour', fields: [p()] },
  { type: 'RandomEqualize', group: 'colour', fields: [p()] },
  { type: 'RandomPhotometricDistort', group: 'colour', fields: [{ key: 'brightness', kind: 'numbers', default: [0.875, 1.125] }, { key: 'contrast', kind: 'numbers', default: [0.5, 1.5] }, { key: 'saturation', kind: 'numbers', default: [0.5, 1.5] }, { key: 'hue', kind: 'numbers', default: [-0.05, 0.05] }, p()] },
  { type: 'RandomErasing', group: 'colour', fields: [p(), { key: 'scale', kind: 'numbers', default: [0.02, 0.33] }, { key: 'ratio', kind: 'numbers', default: [0.3, 3.3] }, { key: 'value', kind: 'numbers', default: 0 }] },
  { type: 'AutoAugment', group: 'policies', fields: [{ key: 'policy', kind: 'enum', default: 'imagenet', choices: ['imagenet', 'cifar10', 'svhn'] }, interpolation('nearest', GRID), policyFill] },
  { type: 'RandAugment', group: 'policies', fields: [{ key: 'numOps', kind: 'number', default: 2, min: 0, step: 1 }, { key: 'magnitude', kind: 'number', default: 9, min: 0, step: 1 }, { key: 'numMagnitudeBins', kind: 'number', default: 31, min: 2, step: 1 }, interpolation('nearest', GRID), policyFill] },
  { type: 'TrivialAugmentWide', group: 'policies', fields: [{ key: 'numMagnitudeBins', kind: 'number', default: 31, min: 2, step: 1 }, interpolation('nearest', GRID), policyFill] },
  {
    type: 'AugMix',
    group: 'policies',
    fields: [
      { key: 'severity', kind: 'number', default: 3, min: 1, max: 10, step: 1 },
      { key: 'mixtureWidth', kind: 'number', default: 3, min: 1, step: 1 },
      { key: 'chainDepth', kind: 'number', default: -1, min: -1, step: 1 },
      { key: 'alpha', kind: 'number', default: 1, min: 0, step: 0.1 },
      { key: 'allOps', kind: 'bool', default: true },
      interpolation('bilinear', GRID),
      policyFill,
    ],
  },
  { type: 'ToTensor', group: 'tensor', fields: [] },
  { type: 'ConvertImageDtype', group: 'tensor', fields: [{ key: 'dtype', kind: 'enum', default: 'float32', choices: ['float32', 'uint8'] }] },
  { type: 'Normalize', group: 'tensor', needsFloat: true, fields: [{ key: 'mean', kind: 'numbers', default: [0.4914, 0.4822, 0.4465] }, { key: 'std', kind: 'numbers', default: [0.247, 0.2435, 0.2616] }] },
  { type: 'LinearTransformation', group: 'tensor', fields: [{ key: 'transformationMatrix', kind: 'json' }, { key: 'meanVector', kind: 'json' }], unavailable: 'needs a (C·H·W)² matrix: paste its JSON instead' },
  {
    type: 'RandomIoUCrop',
    group: 'detection',
    needsBoxes: true,
    fields: [
      { key: 'minScale', kind: 'number', default: 0.3 },
      { key: 'maxScale', kind: 'number', default: 1 },
      { key: 'minAspectRatio', kind: 'number', default: 0.5 },
      { key: 'maxAspectRatio', kind: 'number', default: 2 },
      { key: 'samplerOptions', kind: 'numbers', default: [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1] },
      { key: 'trials', kind: 'number', default: 40, step: 1 },
    ],
  },
  { type: 'SanitizeBoundingBoxes', group: 'detection', needsBoxes: true, fields: [{ key: 'minSize', kind: 'number', default: 1 }, { key: 'minArea', kind: 'number', default: 1 }, { key: 'labelsGetter', kind: 'json', default: 'default' }] },
  { type: 'ClampBoundingBoxes', group: 'detection', needsBoxes: true, fields: [] },
  { type: 'ConvertBoundingBoxFormat', group: 'detection', needsBoxes: true, fields: [{ key: 'format', kind: 'enum', default: 'xyxy', choices: ['xyxy', 'xywh', 'cxcywh'] }] },
  { type: 'RandomApply', group: 'containers', container: true, fields: [p()] },
  { type: 'RandomChoice', group: 'containers', container: true, fields: [{ key: 'p', kind: 'json' }] },
  { type: 'RandomOrder', group: 'containers', container: true, fields: [] },
  { type: 'Compose', group: 'containers', container: true, fields: [] },
  { type: 'FiveCrop', group: 'other', fields: [{ key: 'size', kind: 'numbers', default: [16, 16] }], unavailable: 'returns five images, not one' },
  { type: 'TenCrop', group: 'other', fields: [{ key: 'size', kind: 'numbers', default: [16, 16] }], unavailable: 'returns ten images, not one' },
  { type: 'Lambda', group: 'other', fields: [], unavailable: 'wraps a JavaScript function, which has no JSON form' },
  { type: 'MixUp', group: 'batch', fields: [], unavailable: 'mixes pairs of labelled pictures in a batch' },
  { type: 'CutMix', group: 'batch', fields: [], unavailable: 'mixes pairs of labelled pictures in a batch' },
];

/** The table entry of a type, or undefined. */
export function entryOf(type: string): TableEntry | undefined {
  return TRANSFORM_TABLE.find((e) => e.type === type);
}

/** A step of the pipeline: a table entry and its form values, or a raw spec pasted as JSON. */
export type Step = { type: string; values: Record<string, JsonValue | undefined> } | { type: string; raw: TransformSpec };

/** A new step of `type` with the table's defaults. */
export function newStep(type: string): Step {
  const entry = entryOf(type);
  if (entry === undefined) throw new TypeError(`unknown transform ${JSON.stringify(type)}`);
  const values: Record<string, JsonValue | undefined> = {};
  for (const f of entry.fields) values[f.key] = f.default;
  return { type, values };
}

/**
 * Parses what a user typed into a field into a JSON value (undefined for an empty field, which leaves
 * the option to the library's default). Throws a TypeError naming the field for text that is not a
 * number / numbers / JSON.
 */
export function parseField(field: Field, text: string, where: string): JsonValue | undefined {
  const t = text.trim();
  if (field.kind === 'bool') return t === 'true';
  if (t === '') return undefined;
  switch (field.kind) {
    case 'number': {
      const n = Number(t);
      if (!Number.isFinite(n)) throw new TypeError(`${where}: ${field.key} must be a number, got ${JSON.stringify(text)}`);
      return n;
    }
    case 'numbers': {
      const parts = t.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter((s) => s !== '');
      const nums = parts.map(Number);
      if (parts.length === 0 || nums.some((n) => !Number.isFinite(n))) {
        throw new TypeError(`${where}: ${field.key} must be a number or numbers separated by commas (e.g. "32" or "0.1, 1"), got ${JSON.stringify(text)}`);
      }
      return nums.length === 1 ? nums[0]! : nums;
    }
    case 'enum': {
      const choice = field.choices?.find((c) => String(c) === t);
      if (choice === undefined) throw new TypeError(`${where}: ${field.key} must be one of ${field.choices?.join(', ')}, got ${JSON.stringify(text)}`);
      return choice;
    }
    case 'json':
      try {
        return JSON.parse(t) as JsonValue;
      } catch (error) {
        throw new TypeError(`${where}: ${field.key} is not valid JSON (${(error as Error).message})`);
      }
  }
}

/** How a value shows in its field. */
export function formatField(field: Field, value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (field.kind === 'numbers' && Array.isArray(value)) return value.join(', ');
  if (field.kind === 'json') return JSON.stringify(value);
  return String(value);
}

/** The spec of one step (options left out where the field is empty). */
export function stepSpec(step: Step): TransformSpec {
  if ('raw' in step) return step.raw;
  const options: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(step.values)) if (v !== undefined) options[k] = v;
  return Object.keys(options).length > 0 ? { type: step.type, options } : { type: step.type };
}

/**
 * The pipeline's spec: a Compose of the steps, where a container step (RandomApply, RandomChoice,
 * RandomOrder, Compose) wraps every step above it.
 */
export function pipelineSpec(steps: readonly Step[]): TransformSpec {
  let acc: TransformSpec[] = [];
  for (const step of steps) {
    const spec = stepSpec(step);
    if (!('raw' in step) && entryOf(step.type)?.container === true) acc = [{ ...spec, transforms: acc }];
    else acc.push(spec);
  }
  return { type: 'Compose', transforms: acc };
}

/**
 * The steps a spec shows as: a Compose's children, each a form step where the table knows its type
 * and all its option keys, else a raw step (shown as JSON). A non-Compose spec is one step.
 */
export function stepsFromSpec(spec: TransformSpec): Step[] {
  const children = spec.type === 'Compose' ? (spec.transforms ?? []) : [spec];
  return children.map((child): Step => {
    const entry = entryOf(child.type);
    const keys = Object.keys(child.options ?? {});
    if (entry === undefined || entry.container === true || child.transforms !== undefined || !keys.every((k) => entry.fields.some((f) => f.key === k))) {
      return { type: child.type, raw: child };
    }
    const values: Record<string, JsonValue | undefined> = {};
    for (const f of entry.fields) values[f.key] = child.options?.[f.key];
    return { type: child.type, values };
  });
}

/** d2l 14.1's chain: flip, ColorJitter(0.5, 0.5, 0.5, 0.5), RandomResizedCrop(200, scale=(0.1, 1), ratio=(0.5, 2)). */
export const D2L_CHAIN: TransformSpec = {
  type: 'Compose',
  transforms: [
    { type: 'RandomHorizontalFlip', options: { p: 0.5 } },
    { type: 'ColorJitter', options: { brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 } },
    { type: 'RandomResizedCrop', options: { size: [200, 200], scale: [0.1, 1], ratio: [0.5, 2] } },
  ],
};
