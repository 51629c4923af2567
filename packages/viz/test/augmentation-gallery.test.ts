import { createRng, RandomHorizontalFlip, type Image, type Rng, type Transform } from '@aug/transforms';
import { describe, expect, it } from 'vitest';
import { augmentationGallery } from '../src/augmentation-gallery.js';
import { decodePng } from '../src/png.js';

/** 8x8 image: left half black, right half white. */
function halves(): Image {
  const data = new Uint8Array(8 * 8 * 3);
  for (let y = 0; y < 8; y++) for (let x = 4; x < 8; x++) data.fill(255, (y * 8 + x) * 3, (y * 8 + x) * 3 + 3);
  return { data, height: 8, width: 8, channels: 3 };
}

/** A tiny local transform: fills the image with one grey level drawn from the rng. */
class RandomGrey implements Transform {
  apply(img: Image, rng: Rng = createRng(0)): Image {
    return { ...img, data: new Uint8Array(img.data.length).fill(Math.floor(rng.next() * 256)) };
  }
  toJSON() {
    return { type: 'RandomGrey' };
  }
}

describe('augmentationGallery', () => {
  it("is d2l's apply(img, aug): rows*cols augmented copies drawn from one rng, in a grid", () => {
    const rng = createRng(7);
    const expected = Array.from({ length: 8 }, () => Math.floor(rng.next() * 256));
    const fig = augmentationGallery(halves(), new RandomGrey(), { rows: 2, cols: 4, rng: createRng(7), scale: 0.5 });
    const png = decodePng(fig.toPNG());
    expect([png.width, png.height]).toEqual([200, 100]);
    expect(fig.cells).toHaveLength(8);
    fig.cells.forEach((c, i) => expect(png.data[(c.y * png.width + c.x) * 4]).toBe(expected[i]));
  });

  it('shows flipped and unflipped copies with RandomHorizontalFlip, reproducibly for a seed', () => {
    const fig = augmentationGallery(halves(), new RandomHorizontalFlip(), { rng: createRng(1) });
    const png = decodePng(fig.toPNG());
    const leftIsBlack = fig.cells.map((c) => png.data[((c.y + 2) * png.width + c.x + 2) * 4] === 0);
    expect(leftIsBlack).toContain(true);
    expect(leftIsBlack).toContain(false);
    const again = augmentationGallery(halves(), new RandomHorizontalFlip(), { rng: createRng(1) });
    expect(again.toSVG()).toBe(fig.toSVG());
  });

  it("draws from createRng(0) when no rng is given (loaded lazily from @aug/transforms)", () => {
    const rng = createRng(0);
    const expected = Array.from({ length: 8 }, () => Math.floor(rng.next() * 256));
    const fig = augmentationGallery(halves(), new RandomGrey(), { scale: 0.5 });
    const png = decodePng(fig.toPNG());
    fig.cells.forEach((c, i) => expect(png.data[(c.y * png.width + c.x) * 4]).toBe(expected[i]));
  });

  it('refuses a non-transform', () => {
    expect(() => augmentationGallery(halves(), {} as Transform)).toThrow(/transform must have apply\(img, rng\)/);
  });
});
