/** Names that software rasterisers put in their adapter/renderer strings: Mesa's lavapipe (llvmpipe), SwiftShader, WARP. */
export const SOFTWARE_RENDERERS = /llvmpipe|lavapipe|swiftshader|software|microsoft basic render|\bwarp\b/i;
