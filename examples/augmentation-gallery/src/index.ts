export { makeGallery, renderSeedPictures, reportGrids, savePictures, seedAugmentations, type SeedPictures } from './pictures.js';
