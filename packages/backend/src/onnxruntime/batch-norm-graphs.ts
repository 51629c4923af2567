import type { OnnxGraph, OnnxNode } from './onnx-model.js';

/**
 * How a BatchNorm graph sees a channels-last activation of `rows` rows of `channels` values: as `wideRows`
 * rows of `width = channels * fold` values (`fold` consecutive rows side by side, so that each node's inner
 * loop runs over at least {@link MIN_WIDTH} values even for 8 channels), summed in two stages (`blocks`
 * partial sums of `wideRows / blocks` rows each, then those), which keeps float32 sums of 10^5-10^6 values
 * within ~(wideRows / blocks + blocks) roundings instead of one per row.
 */
export interface BatchNormLayout {
  readonly rows: number;
  readonly channels: number;
  readonly fold: number;
  readonly width: number;
  readonly wideRows: number;
  readonly blocks: number;
}

/** The narrowest row a graph's element-wise nodes walk (values). */
export const MIN_WIDTH = 64;

/** The {@link BatchNormLayout} of `rows` x `channels`. */
export function batchNormLayout(rows: number, channels: number): BatchNormLayout {
  let fold = 1;
  while (channels * fold < MIN_WIDTH && rows % (fold * 2) === 0) fold *= 2;
  const wideRows = rows / fold;
  let blocks = Math.max(1, Math.floor(Math.sqrt(wideRows)));
  while (wideRows % blocks !== 0) blocks--;
  return { rows, channels, fold, width: channels * fold, wideRows, blocks };
}

/** Builds a graph's nodes with unique intermediate names. */
class Nodes {
  readonly list: OnnxNode[] = [];
  readonly constants: Record<string, number[]> = {};
  private count = 0;

  constructor(private readonly layout: BatchNormLayout) {
    const { blocks, wideRows, width, fold, channels } = layout;
    Object.assign(this.constants, { blocked: [blocks, wideRows / blocks, width], axis0: [0], axis1: [1], folded: [fold, channels], repeats: [fold] });
  }

  op(kind: string, inputs: string[], attrs?: OnnxNode['attrs'], output = `t${this.count++}`): string {
    this.list.push({ op: kind, inputs, outputs: [output], ...(attrs ? { attrs } : {}) });
    return output;
  }

  /** Per-channel sum `[channels]` of a `[wideRows, width]` value (of its squares with `squares`). */
  channelSum(value: string, squares = false, output?: string): string {
    const blocked = this.op('Reshape', [value, 'blocked']);
    // Opset 17: ReduceSum takes its axes as an input, ReduceSumSquare still as an attribute.
    const partial = squares ? this.op('ReduceSumSquare', [blocked], { axes: [1], keepdims: 0 }) : this.op('ReduceSum', [blocked, 'axis1'], { keepdims: 0 });
    if (this.layout.fold === 1) return this.op('ReduceSum', [partial, 'axis0'], { keepdims: 0 }, output);
    const wide = this.op('ReduceSum', [partial, 'axis0'], { keepdims: 0 });
    return this.op('ReduceSum', [this.op('Reshape', [wide, 'folded']), 'axis0'], { keepdims: 0 }, output);
  }

  /** A per-channel `[channels]` value repeated to the row width. */
  wide(value: string): string {
    return this.layout.fold === 1 ? value : this.op('Tile', [value, 'repeats']);
  }
}

const perChannel = (layout: BatchNormLayout, name: string) => ({ name, shape: [layout.channels] });
const activation = (layout: BatchNormLayout, name: string) => ({ name, shape: [layout.wideRows, layout.width] });

/**
 * BatchNorm's training forward pass (the `AugBatchNormTraining` kernel) as an ONNX graph: inputs `x`
 * `[wideRows, width]`, `scale`, `offset` `[channels]`, float32 scalars `count` (the rows) and `epsilon` `[1]`;
 * outputs `y`, `mean`, `variance` (biased) and `invStd = 1 / sqrt(variance + epsilon)`. Two passes for the
 * statistics (the mean, then the squares of `x - mean`), so large per-channel offsets cost no precision.
 */
export function batchNormForwardGraph(layout: BatchNormLayout): OnnxGraph {
  const g = new Nodes(layout);
  const mean = g.op('Div', [g.channelSum('x'), 'count'], undefined, 'mean');
  const centred = g.op('Sub', ['x', g.wide(mean)]);
  const variance = g.op('Div', [g.channelSum(centred, true), 'count'], undefined, 'variance');
  const invStd = g.op('Reciprocal', [g.op('Sqrt', [g.op('Add', [variance, 'epsilon'])])], undefined, 'invStd');
  const a = g.op('Mul', ['scale', invStd]);
  g.op('Add', [g.op('Mul', [centred, g.wide(a)]), g.wide('offset')], undefined, 'y');
  return {
    nodes: g.list,
    inputs: [activation(layout, 'x'), perChannel(layout, 'scale'), perChannel(layout, 'offset'), { name: 'count', shape: [1] }, { name: 'epsilon', shape: [1] }],
    outputs: [activation(layout, 'y'), perChannel(layout, 'mean'), perChannel(layout, 'variance'), perChannel(layout, 'invStd')],
    int64Constants: g.constants,
  };
}

/**
 * The exact gradient of {@link batchNormForwardGraph} (the `AugBatchNormTrainingGrad` kernel): inputs `dy`,
 * `x` `[wideRows, width]`, `mean`, `invStd`, `scale` `[channels]` and `count` `[1]`; outputs
 * `dOffset = sum(dy)`, `dScale = sum(dy * (x - mean)) * invStd` and
 * `dx = dy * a + (x - mean) * b + c` with `a = scale * invStd`, `b = -a * invStd^2 * sum(dy * (x - mean)) / count`,
 * `c = -a * sum(dy) / count`.
 */
export function batchNormBackwardGraph(layout: BatchNormLayout): OnnxGraph {
  const g = new Nodes(layout);
  const centred = g.op('Sub', ['x', g.wide('mean')]);
  const sumDy = g.channelSum('dy', false, 'dOffset');
  const dyCentred = g.channelSum(g.op('Mul', ['dy', centred]));
  g.op('Mul', [dyCentred, 'invStd'], undefined, 'dScale');
  const a = g.op('Mul', ['scale', 'invStd']);
  const b = g.op('Neg', [g.op('Div', [g.op('Mul', [g.op('Mul', [a, g.op('Mul', ['invStd', 'invStd'])]), dyCentred]), 'count'])]);
  const c = g.op('Neg', [g.op('Div', [g.op('Mul', [a, sumDy]), 'count'])]);
  const sum = g.op('Add', [g.op('Mul', ['dy', g.wide(a)]), g.op('Mul', [centred, g.wide(b)])]);
  g.op('Add', [sum, g.wide(c)], undefined, 'dx');
  return {
    nodes: g.list,
    inputs: [activation(layout, 'dy'), activation(layout, 'x'), perChannel(layout, 'mean'), perChannel(layout, 'invStd'), perChannel(layout, 'scale'), { name: 'count', shape: [1] }],
    outputs: [activation(layout, 'dx'), perChannel(layout, 'dScale'), perChannel(layout, 'dOffset')],
    int64Constants: g.constants,
  };
}

/**
 * BatchNorm in inference mode with its per-channel factor and shift already combined and repeated to the row
 * width: inputs `x` `[wideRows, width]`, `a`, `b` `[width]`; output `y = x * a + b`.
 */
export function batchNormInferenceGraph(layout: BatchNormLayout): OnnxGraph {
  const row = (name: string) => ({ name, shape: [layout.width] });
  return {
    nodes: [
      { op: 'Mul', inputs: ['x', 'a'], outputs: ['xa'] },
      { op: 'Add', inputs: ['xa', 'b'], outputs: ['y'] },
    ],
    inputs: [activation(layout, 'x'), row('a'), row('b')],
    outputs: [activation(layout, 'y')],
  };
}
