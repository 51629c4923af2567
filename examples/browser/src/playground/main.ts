// The playground: a picture, a pipeline built from the one transform table, a seed, and d2l's
// apply(img, aug) gallery: 8 versions from one seeded generator, as Node computes them.
import { boundingBoxes, createRng, transformFromJSON, type Image, type Transform, type TransformSpec } from '@aug/transforms';
import { decodePicture, PictureError } from './decode-picture.js';
import { drawImage, type LabelledBoxes } from './draw-image.js';
import { D2L_CHAIN, entryOf, formatField, newStep, parseField, pipelineSpec, stepsFromSpec, TRANSFORM_TABLE, type Field, type Step } from './transform-table.js';

interface ShippedPicture {
  file: string;
  label: string;
  width: number;
  height: number;
  boxes: { box: [number, number, number, number]; label: string }[];
}
interface Picture {
  name: string;
  image: Image;
  boxes: ShippedPicture['boxes'];
}
interface GalleryItem {
  image: Image;
  /** The boxes after the transform, with their labels (null: the picture has none, or they were not drawn). */
  targets: LabelledBoxes | null;
}
/** What the page exposes for tests and for anyone comparing with Node. */
interface PlaygroundState {
  picture: string;
  seed: number;
  spec: TransformSpec | null;
  ms: number | null;
  gallery: { width: number; height: number; channels: number; dtype: 'uint8' | 'float32'; base64: string }[];
  error: string | null;
  runs: number;
}

const ROWS = 2;
const COLS = 4;
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const state: { picture: Picture | null; steps: Step[]; seed: number } = { picture: null, steps: [], seed: 0 };
const exposed: PlaygroundState = { picture: '', seed: 0, spec: null, ms: null, gallery: [], error: null, runs: 0 };
(window as unknown as { augPlayground: PlaygroundState }).augPlayground = exposed;

function showError(text: string | null): void {
  const box = $('message');
  exposed.error = text;
  if (text === null) {
    box.hidden = true;
    box.textContent = '';
    return;
  }
  box.hidden = false;
  box.className = 'error';
  box.textContent = text;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error instanceof PictureError ? error.message : `${error.name}: ${error.message}`;
  return String(error);
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

// ---- the pipeline ---------------------------------------------------------------------------

function buildTransform(): Transform {
  return transformFromJSON(pipelineSpec(state.steps));
}

function hasBoxes(): boolean {
  return (state.picture?.boxes.length ?? 0) > 0;
}

function sampleOf(picture: Picture): { image: Image; boxes: ReturnType<typeof boundingBoxes>; labels: number[] } {
  const flat = picture.boxes.flatMap((b) => b.box);
  return { image: picture.image, boxes: boundingBoxes(flat, { format: 'xyxy', canvasSize: [picture.image.height, picture.image.width] }), labels: picture.boxes.map((_, i) => i) };
}

/** Applies `transform` ROWS * COLS times with one generator seeded `seed` (boxes too when the picture has them). */
function gallery(transform: Transform, picture: Picture, seed: number): { items: GalleryItem[]; note: string | null } {
  if (picture.boxes.length > 0) {
    try {
      const rng = createRng(seed);
      const items: GalleryItem[] = [];
      for (let i = 0; i < ROWS * COLS; i++) {
        const out = transform.apply(sampleOf(picture), rng);
        items.push({ image: out.image, targets: { boxes: out.boxes, labels: out.labels.map((k) => picture.boxes[k]!.label) } });
      }
      return { items, note: null };
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      const items = imagesOnly(transform, picture.image, seed);
      return { items, note: `Boxes not drawn: ${error.message}` };
    }
  }
  return { items: imagesOnly(transform, picture.image, seed), note: null };
}

function imagesOnly(transform: Transform, image: Image, seed: number): GalleryItem[] {
  const rng = createRng(seed);
  const items: GalleryItem[] = [];
  for (let i = 0; i < ROWS * COLS; i++) items.push({ image: transform.apply(image, rng), targets: null });
  return items;
}

function run(): void {
  const picture = state.picture;
  if (picture === null) return;
  let transform: Transform;
  try {
    transform = buildTransform();
  } catch (error) {
    showError(`The pipeline cannot be built: ${messageOf(error)}`);
    return;
  }
  const spec = transform.toJSON();
  ($('json') as HTMLTextAreaElement).value = JSON.stringify(spec, null, 2);
  let result: { items: GalleryItem[]; note: string | null };
  const t0 = performance.now();
  try {
    result = gallery(transform, picture, state.seed);
  } catch (error) {
    showError(`The pipeline failed on "${picture.name}" (${picture.image.width} x ${picture.image.height}): ${messageOf(error)}`);
    return;
  }
  const ms = performance.now() - t0;
  showError(null);
  $('timing').textContent = `(${ms.toFixed(1)} ms for ${ROWS * COLS} versions of ${picture.image.width} x ${picture.image.height}, seed ${state.seed})`;
  const box = $('gallery');
  box.replaceChildren(
    ...result.items.map((item, i) => {
      const fig = document.createElement('figure');
      const canvas = document.createElement('canvas');
      try {
        drawImage(canvas, item.image, item.targets);
      } catch (error) {
        drawImage(canvas, item.image);
        if (result.note === null) result.note = `Boxes not drawn: ${messageOf(error)}`;
      }
      const cap = document.createElement('figcaption');
      cap.textContent = `#${i + 1}: ${item.image.width} x ${item.image.height} x ${item.image.channels}${item.image.data instanceof Float32Array ? ' float' : ''}`;
      fig.append(canvas, cap);
      return fig;
    }),
  );
  if (result.note !== null) {
    const p = document.createElement('p');
    p.className = 'note';
    p.textContent = result.note;
    box.append(p);
  }
  Object.assign(exposed, {
    picture: picture.name,
    seed: state.seed,
    spec,
    ms,
    error: null,
    runs: exposed.runs + 1,
    gallery: result.items.map(({ image }) => ({
      width: image.width,
      height: image.height,
      channels: image.channels,
      dtype: image.data instanceof Float32Array ? 'float32' : 'uint8',
      base64: base64(new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength)),
    })),
  });
}

// ---- the forms, generated from the table -----------------------------------------------------

function fieldInput(step: Extract<Step, { values: unknown }>, field: Field, where: string): HTMLElement {
  const label = document.createElement('label');
  label.textContent = field.key + ' ';
  let input: HTMLInputElement | HTMLSelectElement;
  if (field.kind === 'enum') {
    input = document.createElement('select');
    if (step.values[field.key] === undefined) input.append(new Option('(default)', '', false, true));
    for (const c of field.choices ?? []) input.append(new Option(String(c), String(c), false, String(c) === String(step.values[field.key])));
  } else {
    input = document.createElement('input');
    if (field.kind === 'bool') {
      input.type = 'checkbox';
      input.checked = step.values[field.key] === true;
    } else {
      input.type = field.kind === 'number' ? 'number' : 'text';
      if (field.step !== undefined) input.step = String(field.step);
      else if (field.kind === 'number') input.step = 'any';
      input.value = formatField(field, step.values[field.key]);
      input.placeholder = 'default';
    }
  }
  input.name = field.key;
  input.addEventListener('change', () => {
    try {
      const text = input instanceof HTMLInputElement && input.type === 'checkbox' ? String(input.checked) : input.value;
      step.values[field.key] = parseField(field, text, where);
    } catch (error) {
      showError(messageOf(error));
      return;
    }
    run();
  });
  label.append(input);
  return label;
}

function renderSteps(): void {
  const list = $('steps');
  list.replaceChildren(
    ...state.steps.map((step, i) => {
      const li = document.createElement('li');
      const head = document.createElement('div');
      head.className = 'step-head';
      const entry = entryOf(step.type);
      head.textContent = `${step.type}${entry?.container === true ? ' (wraps the steps above)' : ''}`;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = 'remove';
      remove.addEventListener('click', () => {
        state.steps.splice(i, 1);
        renderSteps();
        run();
      });
      head.append(remove);
      li.append(head);
      const where = `step ${i + 1} (${step.type})`;
      if ('raw' in step) {
        const area = document.createElement('textarea');
        area.rows = 4;
        area.value = JSON.stringify(step.raw);
        area.addEventListener('change', () => {
          try {
            state.steps[i] = { type: step.type, raw: parseSpec(area.value, where) };
          } catch (error) {
            showError(messageOf(error));
            return;
          }
          run();
        });
        li.append(area);
      } else if (entry !== undefined && entry.fields.length > 0) {
        const set = document.createElement('fieldset');
        set.append(...entry.fields.map((f) => fieldInput(step, f, where)));
        li.append(set);
      }
      return li;
    }),
  );
}

function renderAddList(): void {
  const select = $('add-select') as HTMLSelectElement;
  const chosen = select.value;
  select.replaceChildren();
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const e of TRANSFORM_TABLE) {
    let group = groups.get(e.group);
    if (group === undefined) {
      group = document.createElement('optgroup');
      group.label = e.group;
      groups.set(e.group, group);
      select.append(group);
    }
    const why = e.unavailable ?? (e.needsBoxes === true && !hasBoxes() ? 'acts on boxes: pick the photo, which has boxes' : undefined);
    const option = new Option(why === undefined ? e.type : `${e.type}: ${why}`, e.type);
    option.disabled = why !== undefined;
    group.append(option);
  }
  if (chosen !== '' && [...select.options].some((o) => o.value === chosen && !o.disabled)) select.value = chosen;
}

function parseSpec(text: string, where: string): TransformSpec {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PictureError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || typeof (value as { type?: unknown }).type !== 'string') {
    throw new PictureError(`${where} must be a transform spec { "type": ..., "options": ..., "transforms": [...] } as toJSON() writes it, got ${text.trim().slice(0, 60)}`);
  }
  return value as TransformSpec;
}

function loadSpec(spec: TransformSpec): void {
  // throws with the library's message before anything changes; toJSON() spells out every option
  state.steps = stepsFromSpec(transformFromJSON(spec).toJSON());
  renderSteps();
  run();
}

// ---- pictures --------------------------------------------------------------------------------

async function setPicture(load: () => Promise<Picture>, note: string | null = null): Promise<void> {
  try {
    state.picture = await load();
  } catch (error) {
    showError(messageOf(error));
    return;
  }
  const pic = state.picture;
  $('picture-note').textContent = note ?? `${pic.name}: ${pic.image.width} x ${pic.image.height}${pic.boxes.length > 0 ? `, ${pic.boxes.length} boxes` : ''}`;
  drawImage($('original') as HTMLCanvasElement, pic.image, pic.boxes.length > 0 ? { boxes: sampleOf(pic).boxes, labels: pic.boxes.map((b) => b.label) } : null);
  renderAddList();
  run();
}

async function shippedPicture(p: ShippedPicture): Promise<Picture> {
  const response = await fetch(`./data/pictures/${p.file}`);
  if (!response.ok) throw new PictureError(`could not load ${p.file}: HTTP ${response.status}`);
  const { image } = await decodePicture(await response.blob(), p.file);
  return { name: p.file, image, boxes: p.boxes };
}

async function userPicture(file: File): Promise<void> {
  let note: string | null = null;
  await setPicture(async () => {
    const decoded = await decodePicture(file, file.name);
    note = decoded.note === null ? null : `${file.name}: ${decoded.note}`;
    return { name: file.name, image: decoded.image, boxes: [] };
  });
  if (note !== null) $('picture-note').textContent = note;
}

// ---- start -----------------------------------------------------------------------------------

async function start(): Promise<void> {
  window.addEventListener('error', (e) => showError(`Unexpected error: ${e.message}`));
  window.addEventListener('unhandledrejection', (e) => showError(`Unexpected error: ${messageOf(e.reason)}`));
  const pictures = (await (await fetch('./data/pictures.json')).json()) as ShippedPicture[];
  const select = $('picture-select') as HTMLSelectElement;
  for (const p of pictures) select.append(new Option(`${p.file} (${p.label}, ${p.width} x ${p.height})`, p.file));
  select.addEventListener('change', () => {
    const p = pictures.find((q) => q.file === select.value);
    if (p !== undefined) void setPicture(() => shippedPicture(p));
  });
  const input = $('file-input') as HTMLInputElement;
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file !== undefined) void userPicture(file);
  });
  const drop = $('drop-zone');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const file = e.dataTransfer?.files[0];
    if (file !== undefined) void userPicture(file);
  });
  $('add-button').addEventListener('click', () => {
    const type = ($('add-select') as HTMLSelectElement).value;
    const entry = entryOf(type);
    if (entry === undefined) return;
    if (entry.needsFloat === true && !state.steps.some((s) => s.type === 'ToTensor' || s.type === 'ConvertImageDtype')) state.steps.push(newStep('ToTensor'));
    state.steps.push(newStep(type));
    renderSteps();
    run();
  });
  $('d2l-button').addEventListener('click', () => loadSpec(D2L_CHAIN));
  $('clear-button').addEventListener('click', () => {
    state.steps = [];
    renderSteps();
    run();
  });
  const seed = $('seed') as HTMLInputElement;
  seed.addEventListener('change', () => {
    const n = Number(seed.value);
    if (!Number.isSafeInteger(n) || n < 0) {
      showError(`Seed must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got "${seed.value}"`);
      return;
    }
    state.seed = n;
    run();
  });
  $('load-json').addEventListener('click', () => {
    try {
      loadSpec(parseSpec(($('json') as HTMLTextAreaElement).value, 'The pasted pipeline'));
    } catch (error) {
      showError(`The pasted pipeline cannot be loaded: ${messageOf(error)}`);
    }
  });
  renderAddList();
  state.steps = stepsFromSpec(transformFromJSON(D2L_CHAIN).toJSON());
  renderSteps();
  const first = pictures[0];
  if (first !== undefined) await setPicture(() => shippedPicture(first));
}

void start().catch((error: unknown) => showError(`The playground failed to start: ${messageOf(error)}`));

