/**
 * A small writer for ONNX models (the `onnx.ModelProto` protobuf), so that the onnxruntime route builds
 * its graphs in code: no Python, no model files. It covers what aug's kernels use: nodes with int,
 * float, ints and string attributes, int64 and float32 initializers, and float32/int64 graph inputs and outputs
 * of static or named (run-time) dimensions.
 */

/** ONNX tensor element types used here (`onnx.TensorProto.DataType`). */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

/** An attribute value: an integer, a float (written as `{ float: x }`), a string or a list of integers. */
export type OnnxAttribute = number | { float: number } | string | readonly number[];

/** One graph node, e.g. `{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attrs: { strides: [1, 1] } }`. */
export interface OnnxNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attrs?: Readonly<Record<string, OnnxAttribute>>;
  /** Operator domain; default the standard one (`''`). */
  domain?: string;
}

/**
 * A graph input or output: each dimension a size, or a name (`dim_param`) for a size fixed only at run
 * time (one session then serves every size, e.g. a flat weight of any length).
 */
export interface OnnxValue {
  name: string;
  shape: readonly (number | string)[];
  /** Element type; default {@link ONNX_FLOAT}. */
  type?: number;
}

/** A whole single-graph model. */
export interface OnnxGraph {
  nodes: readonly OnnxNode[];
  inputs: readonly OnnxValue[];
  outputs: readonly OnnxValue[];
  /** Constant int64 tensors (shapes, axes, slice bounds), by name. */
  int64Constants?: Readonly<Record<string, readonly number[]>>;
  /** Constant float32 tensors of any shape (row-major `values`), by name. */
  floatConstants?: Readonly<Record<string, { readonly shape: readonly number[]; readonly values: readonly number[] }>>;
  /** Default opset 17 (onnxruntime 1.14 and later). */
  opset?: number;
}

class ProtoWriter {
  private bytes: number[] = [];

  varint(value: number | bigint): void {
    let v = BigInt(value);
    if (v < 0n) v += 1n << 64n;
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }

  private tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  int(field: number, value: number): void {
    this.tag(field, 0);
    this.varint(value);
  }

  float(field: number, value: number): void {
    this.tag(field, 5);
    this.bytes.push(...new Uint8Array(new Float32Array([value]).buffer));
  }

  raw(field: number, data: Uint8Array): void {
    this.tag(field, 2);
    this.varint(data.length);
    for (const b of data) this.bytes.push(b);
  }

  string(field: number, value: string): void {
    this.raw(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): void {
    const inner = new ProtoWriter();
    build(inner);
    this.raw(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

// Field numbers of onnx.proto3 (stable since IR version 3).
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_INTS = 7;

function writeAttribute(w: ProtoWriter, name: string, value: OnnxAttribute): void {
  w.string(1, name);
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new RangeError(`onnx attribute ${name}: integer expected, got ${value} (write floats as { float: x })`);
    w.int(3, value);
    w.int(20, ATTR_INT);
  } else if (typeof value === 'string') {
    w.string(4, value);
    w.int(20, ATTR_STRING);
  } else if (Array.isArray(value)) {
    for (const v of value as readonly number[]) w.int(8, v);
    w.int(20, ATTR_INTS);
  } else {
    w.float(2, (value as { float: number }).float);
    w.int(20, ATTR_FLOAT);
  }
}

function writeValueInfo(w: ProtoWriter, value: OnnxValue): void {
  w.string(1, value.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, value.type ?? ONNX_FLOAT);
      tensor.message(2, (shape) => {
        for (const d of value.shape) shape.message(1, (dim) => (typeof d === 'string' ? dim.string(2, d) : dim.int(1, d)));
      });
    }),
  );
}

/**
 * Serialises a graph as an ONNX model (IR version 8) that `onnxruntime` loads from memory.
 *
 * @example
 * ```ts
 * const bytes = onnxModel({
 *   nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }],
 *   inputs: [{ name: 'x', shape: [2, 3] }],
 *   outputs: [{ name: 'y', shape: [2, 3] }],
 * });
 * ```
 */
export function onnxModel(graph: OnnxGraph): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, 8); // ir_version
  w.string(2, '@aug/backend'); // producer_name
  w.message(8, (opset) => {
    opset.string(1, '');
    opset.int(2, graph.opset ?? 17);
  });
  // Each other operator domain a node uses (onnxruntime's contrib ops, such as 'com.microsoft.nchwc') at version 1.
  for (const domain of new Set(graph.nodes.map((node) => node.domain ?? ''))) {
    if (domain === '') continue;
    w.message(8, (opset) => {
      opset.string(1, domain);
      opset.int(2, 1);
    });
  }
  w.message(7, (g) => {
    for (const node of graph.nodes) {
      g.message(1, (n) => {
        for (const input of node.inputs) n.string(1, input);
        for (const output of node.outputs) n.string(2, output);
        n.string(4, node.op);
        for (const [name, value] of Object.entries(node.attrs ?? {})) n.message(5, (a) => writeAttribute(a, name, value));
        if (node.domain !== undefined) n.string(7, node.domain);
      });
    }
    g.string(2, 'aug');
    for (const [name, values] of Object.entries(graph.int64Constants ?? {})) {
      g.message(5, (t) => {
        t.int(1, values.length);
        t.int(2, ONNX_INT64);
        for (const v of values) t.int(7, v);
        t.string(8, name);
      });
    }
    for (const [name, { shape, values }] of Object.entries(graph.floatConstants ?? {})) {
      if (shape.reduce((a, b) => a * b, 1) !== values.length) throw new RangeError(`onnx float constant ${name}: shape [${shape.join(', ')}] does not hold ${values.length} values`);
      g.message(5, (t) => {
        for (const d of shape) t.int(1, d);
        t.int(2, ONNX_FLOAT);
        for (const v of values) t.float(4, v);
        t.string(8, name);
      });
    }
    for (const input of graph.inputs) g.message(11, (v) => writeValueInfo(v, input));
    for (const output of graph.outputs) g.message(12, (v) => writeValueInfo(v, output));
  });
  return w.finish();
}
