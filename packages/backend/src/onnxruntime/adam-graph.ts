import type { OnnxGraph, OnnxNode } from './onnx-model.js';

/** The float32 scalars the Adam graph takes, each a `[1]` input. */
export const ADAM_SCALARS = ['beta1', 'oneMinusBeta1', 'beta2', 'oneMinusBeta2', 'c1', 'c2', 'epsilon', 'negLr'] as const;

/**
 * One Adam update over a flat weight of any length (`n`, a run-time dimension) as an ONNX graph, with tfjs's
 * `AdamOptimizer` arithmetic to the bit: the same float32 operations in the same order as aug's JavaScript
 * `adamUpdate` (`m' = m*b1 + g*(1-b1)`, `v' = v*b2 + g*g*(1-b2)`, `w' = (m'/c1) / (sqrt(v'/c2) + eps) * -lr + w`),
 * each node one correctly rounded float32 operation, none fused. Inputs `w`, `g`, `m`, `v` `[n]` and the
 * {@link ADAM_SCALARS}; outputs `w_out`, `m_out`, `v_out`. onnxruntime runs the nodes vectorised on its
 * intra-op threads, where the JavaScript loop does one element at a time in float64 with a rounding per step.
 */
export function adamGraph(): OnnxGraph {
  const nodes: OnnxNode[] = [];
  const op = (kind: string, a: string, b: string, out: string): void => void nodes.push({ op: kind, inputs: [a, b], outputs: [out] });
  op('Mul', 'm', 'beta1', 'm_decayed');
  op('Mul', 'g', 'oneMinusBeta1', 'g_scaled');
  op('Add', 'm_decayed', 'g_scaled', 'm_out');
  op('Mul', 'v', 'beta2', 'v_decayed');
  op('Mul', 'g', 'g', 'g_squared');
  op('Mul', 'g_squared', 'oneMinusBeta2', 'g2_scaled');
  op('Add', 'v_decayed', 'g2_scaled', 'v_out');
  op('Div', 'v_out', 'c2', 'v_hat');
  nodes.push({ op: 'Sqrt', inputs: ['v_hat'], outputs: ['v_root'] });
  op('Add', 'v_root', 'epsilon', 'denominator');
  op('Div', 'm_out', 'c1', 'm_hat');
  op('Div', 'm_hat', 'denominator', 'ratio');
  op('Mul', 'ratio', 'negLr', 'step');
  op('Add', 'step', 'w', 'w_out');
  const flat = (name: string) => ({ name, shape: ['n'] });
  return {
    nodes,
    inputs: [...['w', 'g', 'm', 'v'].map(flat), ...ADAM_SCALARS.map((name) => ({ name, shape: [1] }))],
    outputs: ['w_out', 'm_out', 'v_out'].map(flat),
  };
}
