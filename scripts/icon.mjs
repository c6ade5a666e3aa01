// Renders the Marketplace / Open VSX icon media/icon.png (128×128 PNG; vsce refuses an SVG icon) from the activity-bar
// glyph media/istio-canary.svg, which is drawn in `currentColor`: the glyph in white on a rounded blue square.
// `npm run icon` after changing the glyph; the PNG is committed (packaging does not render it).
import { Resvg } from '@resvg/resvg-js';
import * as fs from 'node:fs';

const SIZE = 128;
const PAD = 14;
const BACKGROUND = '#2f5cb4';
const source = 'media/istio-canary.svg';
const target = 'media/icon.png';

const glyph = fs.readFileSync(source, 'utf8');
const open = /<svg\b[^>]*>/.exec(glyph);
if (!open) throw new Error(`${source}: no <svg> element`);
// The glyph's own <svg> nested in the icon: placed by x/y/width/height, its viewBox scales it, `color` sets currentColor.
const placed = open[0]
  .replace(/\s(width|height|x|y|color)="[^"]*"/g, '')
  .replace(/^<svg/, `<svg x="${PAD}" y="${PAD}" width="${SIZE - 2 * PAD}" height="${SIZE - 2 * PAD}" color="#ffffff"`);
const icon = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <rect width="${SIZE}" height="${SIZE}" rx="24" fill="${BACKGROUND}"/>
  ${glyph.slice(open.index).replace(open[0], placed)}
</svg>`;

const png = new Resvg(icon, { fitTo: { mode: 'width', value: SIZE } }).render().asPng();
fs.writeFileSync(target, png);
console.log(`${target}: ${SIZE}×${SIZE}, ${png.length} bytes`);
