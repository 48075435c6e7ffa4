/**
 * The parts of Vega the report's charts use: the parser, the view and the transforms their
 * compiled specs name (data, encoding and layout ones). The `vega` package registers every
 * transform there is (geo, force layouts, hierarchies, word clouds, regression, ...) and bundles
 * them all; this registers only these. A chart that needs another fails to parse with the
 * transform's name, and the chart tests render every chart the report draws.
 */
import { transforms } from 'vega-dataflow';
import * as encode from 'vega-encode';
import * as data from 'vega-transforms';
import { extend } from 'vega-util';
import * as layout from 'vega-view-transforms';

extend(transforms, data, layout, encode);

export { parse } from 'vega-parser';
export { View } from 'vega-view';
export type { Spec } from 'vega-typings';
