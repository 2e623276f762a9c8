export { PackError, UnknownLanguageError } from './errors.js';
export { type BuildProgress, buildImage, ImageBuilder, imageExists } from './images.js';
export { type LoadedPack, loadPack, loadPacks, PACK_FILE, PackRegistry } from './packs.js';
