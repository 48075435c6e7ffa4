// The Vega packages the chart renderer imports one by one (lambdas/adapters/vega-runtime.ts) ship
// no types of their own; vega-typings (the `vega` package's types) describes them.
declare module 'vega-view' {
  export { View } from 'vega-typings';
}
declare module 'vega-parser' {
  export { parse } from 'vega-typings';
}
declare module 'vega-dataflow' {
  /** The transform registry the parser looks transform types up in. */
  export const transforms: Record<string, unknown>;
}
// Modules of transform classes, registered by name into `transforms`.
declare module 'vega-encode' {
  const transforms: Record<string, unknown>;
  export = transforms;
}
declare module 'vega-transforms' {
  const transforms: Record<string, unknown>;
  export = transforms;
}
declare module 'vega-view-transforms' {
  const transforms: Record<string, unknown>;
  export = transforms;
}
