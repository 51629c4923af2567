import { backend_util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';

/** The attributes tfjs passes to `Conv2DBackpropFilter` (see tfjs-core's `Conv2DBackpropFilterAttrs`). */
export interface FilterGradAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** The geometry of one NHWC convolution, as the gradient kernels need it. */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
  padBottom: number;
  padRight: number;
}

/** Reads the convolution geometry of a filter-gradient call with tfjs's own shape rules. */
export function filterGradGeometry(x: TensorInfo, attrs: NamedAttrMap): ConvGeometry {
  const a = attrs as unknown as FilterGradAttrs;
  return convGeometry(x.shape as [number, number, number, number], a.filterShape, attrs);
}

/** Reads the convolution geometry of a forward call (`Conv2D`, `FusedConv2D`), dilations included. */
export function forwardGeometry(x: TensorInfo, filter: TensorInfo, attrs: NamedAttrMap): ConvGeometry {
  return convGeometry(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], attrs);
}

/** Reads the convolution geometry of an input-gradient call (`Conv2DBackpropInput`). */
export function inputGradGeometry(filter: TensorInfo, attrs: NamedAttrMap): ConvGeometry {
  const a = attrs as unknown as { inputShape: [number, number, number, number] };
  return convGeometry(a.inputShape, filter.shape as [number, number, number, number], attrs);
}

function convGeometry(xShape: [number, number, number, number], filterShape: [number, number, number, number], attrs: NamedAttrMap): ConvGeometry {
  const a = attrs as unknown as FilterGradAttrs;
  const info = backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    a.strides,
    (attrs['dilations'] as [number, number] | number | undefined) ?? 1,
    a.pad,
    a.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(a.dataFormat),
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    padBottom: info.padInfo.bottom,
    padRight: info.padInfo.right,
  };
}

/** Whether a call uses the NHWC layout our kernels implement (others go to the stock kernel). */
export function isNhwc(attrs: NamedAttrMap): boolean {
  return (attrs as unknown as FilterGradAttrs).dataFormat !== 'NCHW';
}
