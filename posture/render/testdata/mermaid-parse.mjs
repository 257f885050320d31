// mermaid-parse.mjs parses Mermaid files with the mermaid package and
// prints, per file, what the parser made of it: the title, each node's
// id, text and classes, whether a node has a click action, the edges'
// labels and the subgraphs. TestMermaidParser runs it when
// AUTHLENS_MERMAID_DIR names a directory where `npm install mermaid@11
// jsdom` ran; CI does not.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.AUTHLENS_MERMAID_DIR;
const require = createRequire(path.join(dir, 'package.json'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const mermaidPath = path.join(dir, 'node_modules', 'mermaid', 'dist', 'mermaid.core.mjs');
const { default: mermaid } = await import(pathToFileURL(mermaidPath).href);
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

const out = {};
for (const f of process.argv.slice(2)) {
  const text = fs.readFileSync(f, 'utf8');
  try {
    await mermaid.parse(text);
    const d = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = d.db;
    const vertices = [];
    for (const [id, v] of db.getVertices()) {
      vertices.push({ id, text: v.text, classes: v.classes || [], link: !!v.link, callback: !!v.haveCallback });
    }
    out[f] = {
      ok: true,
      title: db.getDiagramTitle ? db.getDiagramTitle() : '',
      vertices,
      edges: db.getEdges().map((e) => ({ start: e.start, end: e.end, text: e.text })),
      subgraphs: db.getSubGraphs().map((s) => ({ id: s.id, title: s.title, nodes: s.nodes })),
      clicks: (db.getTooltip ? 0 : 0),
    };
  } catch (e) {
    out[f] = { ok: false, error: String(e.message || e) };
  }
}
console.log(JSON.stringify(out));
