// Lint of the release set-up: .github/workflows/release.yml against the GitHub workflow schema and the
// Tauri config (main file merged with each platform file) against the CLI's schema, then what matters for
// installers that update themselves. Run with `npm run test:release-config` (node --test, Node 20+).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import yaml from "js-yaml";

// RELEASE_CONFIG_ROOT points the checks at another checkout (used to check that they fail on a broken copy).
const ROOT = process.env.RELEASE_CONFIG_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const read = (p) => readFileSync(join(ROOT, p), "utf8");
const readJson = (p) => {
  try {
    return JSON.parse(read(p));
  } catch (e) {
    throw new Error(`${p} is not valid JSON: ${e.message}`);
  }
};

const WORKFLOW = ".github/workflows/release.yml";
const TAURI_CONF = "src-tauri/tauri.conf.json";
const PLATFORMS = {
  windows: "src-tauri/tauri.windows.conf.json",
  macos: "src-tauri/tauri.macos.conf.json",
  linux: "src-tauri/tauri.linux.conf.json",
};

// ajv 6 knows draft-07 (both schemas' dialect); the Tauri schema's Rust number formats are added here.
function newAjv() {
  const ajv = new Ajv({ allErrors: true, jsonPointers: true });
  const int = (lo, hi) => ({ type: "number", validate: (n) => Number.isInteger(n) && n >= lo && n <= hi });
  ajv.addFormat("uint8", int(0, 255));
  ajv.addFormat("uint32", int(0, 2 ** 32 - 1));
  ajv.addFormat("int32", int(-(2 ** 31), 2 ** 31 - 1));
  ajv.addFormat("int64", int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  ajv.addFormat("double", { type: "number", validate: (n) => Number.isFinite(n) });
  return ajv;
}

function schemaErrors(validate, what) {
  // anyOf/oneOf report every branch; the deepest paths say the most
  const errs = [...validate.errors].sort((a, b) => b.dataPath.length - a.dataPath.length).slice(0, 8);
  const lines = errs.map((e) => `  at ${e.dataPath || "/"}: ${e.message} ${JSON.stringify(e.params)}`);
  return `${what} does not match its schema (${validate.errors.length} errors, first ${errs.length}):\n${lines.join("\n")}`;
}

function loadWorkflow() {
  let doc;
  try {
    doc = yaml.load(read(WORKFLOW), { filename: WORKFLOW });
  } catch (e) {
    assert.fail(`${WORKFLOW} is not valid YAML: ${e.message}`);
  }
  assert.ok(doc && typeof doc === "object", `${WORKFLOW} is empty or not a mapping`);
  return doc;
}

// Every step of every job, with where it is, for messages.
function steps(wf) {
  return Object.entries(wf.jobs ?? {}).flatMap(([job, j]) =>
    (j.steps ?? []).map((s, i) => ({ job, index: i, where: `jobs.${job}.steps[${i}]${s.name ? ` (${s.name})` : ""}`, step: s })),
  );
}

function tauriActionStep(wf) {
  const found = steps(wf).filter(({ step }) => String(step.uses ?? "").startsWith("tauri-apps/tauri-action@"));
  assert.equal(found.length, 1, `${WORKFLOW}: expected exactly one tauri-apps/tauri-action step, found ${found.length}`);
  return found[0];
}

const isSecret = (value, name) =>
  new RegExp(`^\\$\\{\\{\\s*secrets\\.${name}\\s*\\}\\}$`).test(String(value ?? ""));
const truthy = (v) => v === true || v === "true";

// A simplified JSON merge patch, as Tauri applies tauri.<platform>.conf.json: objects merge key by key,
// anything else (arrays included) replaces, null removes.
function merge(base, patch) {
  if (!patch || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const out = base && typeof base === "object" && !Array.isArray(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- workflow

test("release.yml is valid YAML and matches the GitHub workflow schema (SchemaStore)", () => {
  const wf = loadWorkflow();
  const schema = JSON.parse(readFileSync(join(ROOT, "tests/release/github-workflow.schema.json"), "utf8"));
  const validate = newAjv().compile(schema);
  assert.ok(validate(wf), validate.errors && schemaErrors(validate, WORKFLOW));
});

test("release.yml runs on tags v* and by hand", () => {
  const on = loadWorkflow().on;
  assert.ok(on && typeof on === "object", `${WORKFLOW}: 'on' must be a mapping with push.tags and workflow_dispatch`);
  assert.deepEqual(on.push?.tags, ["v*"], `${WORKFLOW}: on.push.tags must be ["v*"], is ${JSON.stringify(on.push?.tags)}`);
  assert.ok("workflow_dispatch" in on, `${WORKFLOW}: on.workflow_dispatch is missing (manual runs)`);
});

test("the build matrix makes nsis+msi on Windows, a universal dmg+app on macOS, deb+rpm on Ubuntu 22.04", () => {
  const wf = loadWorkflow();
  const { job } = tauriActionStep(wf);
  const j = wf.jobs[job];
  const include = j.strategy?.matrix?.include;
  assert.ok(Array.isArray(include), `${WORKFLOW}: jobs.${job}.strategy.matrix.include must list the platforms`);
  assert.match(String(j["runs-on"]), /matrix\.platform/, `${WORKFLOW}: jobs.${job}.runs-on must be \${{ matrix.platform }}`);
  const entry = (platform) => {
    const e = include.find((x) => x.platform === platform);
    assert.ok(e, `${WORKFLOW}: no matrix entry with platform ${platform} (have ${include.map((x) => x.platform).join(", ")})`);
    return e;
  };
  const bundles = (e) => {
    const m = String(e.args ?? "").match(/--bundles[ =]([\w,]+)/);
    return m ? m[1].split(",").sort() : [];
  };
  const win = entry("windows-latest");
  assert.deepEqual(bundles(win), ["msi", "nsis"], `${WORKFLOW}: windows args must contain --bundles nsis,msi, is "${win.args}"`);
  const mac = entry("macos-latest");
  assert.match(String(mac.args), /--target universal-apple-darwin\b/, `${WORKFLOW}: macOS args must contain --target universal-apple-darwin, is "${mac.args}"`);
  assert.deepEqual(bundles(mac), ["app", "dmg"], `${WORKFLOW}: macOS args must contain --bundles dmg,app, is "${mac.args}"`);
  const toolchain = steps(wf).find(({ job: jb, step }) => jb === job && String(step.uses ?? "").startsWith("dtolnay/rust-toolchain@"));
  assert.ok(toolchain, `${WORKFLOW}: jobs.${job} has no dtolnay/rust-toolchain step`);
  const targets = String(toolchain.step.with?.targets ?? "");
  const macTargets = targets.includes("matrix.") ? String(mac[targets.match(/matrix\.([\w-]+)/)[1]] ?? "") : targets;
  for (const t of ["aarch64-apple-darwin", "x86_64-apple-darwin"]) {
    assert.ok(macTargets.split(",").map((s) => s.trim()).includes(t), `${WORKFLOW}: the macOS build must install the Rust target ${t} (universal binary); targets: "${macTargets}"`);
  }
  const linux = entry("ubuntu-22.04");
  assert.ok(bundles(linux).includes("deb"), `${WORKFLOW}: ubuntu-22.04 args must contain --bundles with deb, is "${linux.args}"`);
  assert.ok(bundles(linux).includes("rpm"), `${WORKFLOW}: ubuntu-22.04 args must contain --bundles with rpm, is "${linux.args}"`);
});

test("tauri-action uploads the updater files and latest.json, preferring NSIS", () => {
  const { where, step } = tauriActionStep(loadWorkflow());
  assert.equal(step.uses, "tauri-apps/tauri-action@v0", `${WORKFLOW} ${where}: use tauri-apps/tauri-action@v0, not ${step.uses}`);
  assert.ok(truthy(step.with?.includeUpdaterJson), `${WORKFLOW} ${where}: with.includeUpdaterJson must be true, is ${JSON.stringify(step.with?.includeUpdaterJson)}`);
  assert.ok(truthy(step.with?.updaterJsonPreferNsis), `${WORKFLOW} ${where}: with.updaterJsonPreferNsis must be true, is ${JSON.stringify(step.with?.updaterJsonPreferNsis)}`);
  assert.ok(step.with?.releaseId || step.with?.tagName, `${WORKFLOW} ${where}: with.releaseId or with.tagName is needed, or nothing is uploaded`);
});

test("the updater signing key and its password come from secrets, and only secrets", () => {
  const wf = loadWorkflow();
  const { where, step } = tauriActionStep(wf);
  for (const name of ["TAURI_SIGNING_PRIVATE_KEY", "TAURI_SIGNING_PRIVATE_KEY_PASSWORD", "GITHUB_TOKEN"]) {
    assert.ok(isSecret(step.env?.[name], name), `${WORKFLOW} ${where}: env.${name} must be \${{ secrets.${name} }}, is ${JSON.stringify(step.env?.[name])}`);
  }
  const scopes = [["workflow", wf.env], ...Object.entries(wf.jobs).map(([k, j]) => [`jobs.${k}`, j.env]), ...steps(wf).map((s) => [s.where, s.step.env])];
  for (const [scope, env] of scopes) {
    for (const [k, v] of Object.entries(env ?? {})) {
      if (/^(TAURI_SIGNING_|TAURI_PRIVATE_KEY)/.test(k)) {
        assert.ok(isSecret(v, k), `${WORKFLOW} ${scope}: env.${k} must come from \${{ secrets.${k} }}, never a literal`);
      }
    }
  }
});

test("Windows signing is optional and guarded; Apple secrets never reach tauri as empty strings", () => {
  const wf = loadWorkflow();
  const all = steps(wf);
  const uses = (name) => all.filter(({ step }) => JSON.stringify(step).includes(name));
  const imports = uses("secrets.WINDOWS_CERTIFICATE_PASSWORD");
  assert.ok(imports.length > 0, `${WORKFLOW}: no step uses secrets.WINDOWS_CERTIFICATE_PASSWORD (certificate import)`);
  for (const { where, step } of imports) {
    assert.match(String(step.if ?? ""), /env\.WINDOWS_CERTIFICATE\s*!=\s*''/, `${WORKFLOW} ${where}: must be guarded by if: env.WINDOWS_CERTIFICATE != ''`);
    assert.match(String(step.run ?? ""), /certificateThumbprint/, `${WORKFLOW} ${where}: must pass the thumbprint as bundle.windows.certificateThumbprint`);
  }
  const { where, step } = tauriActionStep(wf);
  assert.match(String(step.with?.args), /WINDOWS_SIGNING_ARGS/, `${WORKFLOW} ${where}: with.args must append the signing config override (env.WINDOWS_SIGNING_ARGS)`);
  for (const name of ["APPLE_CERTIFICATE", "APPLE_CERTIFICATE_PASSWORD", "APPLE_SIGNING_IDENTITY", "APPLE_ID", "APPLE_PASSWORD", "APPLE_TEAM_ID"]) {
    assert.ok(uses(`secrets.${name}`).length > 0, `${WORKFLOW}: secrets.${name} is not used (optional Apple signing/notarization)`);
    assert.ok(!(name in (step.env ?? {})), `${WORKFLOW} ${where}: env.${name} must not be set on tauri-action: an unset secret arrives as "" and tauri then tries to sign; export it only when set`);
  }
});

test("the Linux build installs every APT_BUILD package of .ci/setup.sh", () => {
  const m = read(".ci/setup.sh").match(/^APT_BUILD=\(([^)]*)\)/m);
  assert.ok(m, ".ci/setup.sh: APT_BUILD=( … ) not found");
  const wanted = m[1].split(/\s+/).filter(Boolean);
  const apt = steps(loadWorkflow()).filter(({ step }) => /apt-get install/.test(String(step.run ?? "")));
  assert.equal(apt.length, 1, `${WORKFLOW}: expected one step running apt-get install, found ${apt.length}`);
  const { where, step } = apt[0];
  assert.match(String(step.if ?? ""), /Linux|ubuntu/, `${WORKFLOW} ${where}: must run on Linux only (if: runner.os == 'Linux')`);
  const words = new Set(String(step.run).split(/[\s\\]+/));
  const missing = wanted.filter((p) => !words.has(p));
  assert.deepEqual(missing, [], `${WORKFLOW} ${where}: apt-get install lacks ${missing.join(", ")} (listed in APT_BUILD of .ci/setup.sh)`);
});

// ------------------------------------------------------------------------------------------ tauri config

const tauriSchema = () => readJson("node_modules/@tauri-apps/cli/config.schema.json");

for (const [platform, file] of Object.entries(PLATFORMS)) {
  test(`${TAURI_CONF} merged with ${file} matches the Tauri config schema`, () => {
    assert.ok(existsSync(join(ROOT, file)), `${file} is missing`);
    const merged = merge(readJson(TAURI_CONF), readJson(file));
    const validate = newAjv().compile(tauriSchema());
    assert.ok(validate(merged), validate.errors && schemaErrors(validate, `${TAURI_CONF} + ${file} (${platform})`));
  });
}

test("Windows: NSIS per-user in Vietnamese and English with the language selector, MSI in vi-VN and en-US", () => {
  const w = readJson(PLATFORMS.windows).bundle ?? {};
  const f = PLATFORMS.windows;
  assert.deepEqual([...(w.targets ?? [])].sort(), ["msi", "nsis"], `${f}: bundle.targets must be ["nsis","msi"], is ${JSON.stringify(w.targets)}`);
  const nsis = w.windows?.nsis ?? {};
  assert.ok((nsis.languages ?? []).includes("Vietnamese"), `${f}: bundle.windows.nsis.languages must include "Vietnamese", is ${JSON.stringify(nsis.languages)}`);
  assert.ok((nsis.languages ?? []).includes("English"), `${f}: bundle.windows.nsis.languages must include "English", is ${JSON.stringify(nsis.languages)}`);
  assert.equal(nsis.displayLanguageSelector, true, `${f}: bundle.windows.nsis.displayLanguageSelector must be true`);
  assert.equal(nsis.installMode, "currentUser", `${f}: bundle.windows.nsis.installMode must be "currentUser" (no admin rights; the updater installs without a UAC prompt)`);
  assert.equal(w.windows?.webviewInstallMode?.type, "downloadBootstrapper", `${f}: bundle.windows.webviewInstallMode.type must be "downloadBootstrapper"`);
  assert.ok([].concat(w.windows?.wix?.language ?? []).includes("vi-VN"), `${f}: bundle.windows.wix.language must include "vi-VN", is ${JSON.stringify(w.windows?.wix?.language)}`);
});

test("macOS: dmg and app, macOS 10.15 or later", () => {
  const b = readJson(PLATFORMS.macos).bundle ?? {};
  const f = PLATFORMS.macos;
  assert.deepEqual([...(b.targets ?? [])].sort(), ["app", "dmg"], `${f}: bundle.targets must be ["dmg","app"] (the updater ships the .app), is ${JSON.stringify(b.targets)}`);
  assert.equal(b.macOS?.minimumSystemVersion, "10.15", `${f}: bundle.macOS.minimumSystemVersion must be "10.15"`);
});

test("Linux: deb and rpm, no AppImage", () => {
  const b = readJson(PLATFORMS.linux).bundle ?? {};
  const f = PLATFORMS.linux;
  assert.deepEqual([...(b.targets ?? [])].sort(), ["deb", "rpm"], `${f}: bundle.targets must be ["deb","rpm"] (AppImage downloads tools at build time), is ${JSON.stringify(b.targets)}`);
});

// ----------------------------------------------------------------------------------------------- updater

test("bundle.createUpdaterArtifacts is true", (t) => {
  const conf = readJson(TAURI_CONF);
  if (!conf.plugins?.updater) {
    t.skip(`${TAURI_CONF} has no plugins.updater yet: createUpdaterArtifacts is checked once the updater is configured`);
    return;
  }
  assert.equal(conf.bundle?.createUpdaterArtifacts, true, `${TAURI_CONF}: bundle.createUpdaterArtifacts must be true (no .sig files, no latest.json otherwise), is ${JSON.stringify(conf.bundle?.createUpdaterArtifacts)}`);
  for (const file of Object.values(PLATFORMS)) {
    const own = readJson(file).bundle?.createUpdaterArtifacts;
    assert.ok(own === undefined || own === true, `${file}: bundle.createUpdaterArtifacts overrides the main config with ${JSON.stringify(own)}`);
  }
});

test("the updater public key is a minisign public key", (t) => {
  const updater = readJson(TAURI_CONF).plugins?.updater;
  if (!updater) {
    t.skip(`${TAURI_CONF} has no plugins.updater yet: the public key is checked once the updater is configured`);
    return;
  }
  const key = updater.pubkey;
  assert.equal(typeof key, "string", `${TAURI_CONF}: plugins.updater.pubkey must be a string (the content of the .key.pub file)`);
  assert.match(key, /^[A-Za-z0-9+/]+=*$/, `${TAURI_CONF}: plugins.updater.pubkey must be base64 (the content of the .key.pub file, not a path)`);
  const text = Buffer.from(key, "base64").toString("utf8");
  assert.ok(!/secret key/i.test(text), `${TAURI_CONF}: plugins.updater.pubkey is a SECRET key: remove it and generate a new key pair`);
  const firstLine = text.split("\n")[0];
  assert.ok(text.includes("minisign public key"), `${TAURI_CONF}: plugins.updater.pubkey does not decode to a minisign public key (its first line: ${JSON.stringify(firstLine.slice(0, 60))})`);
});

test("no private key material is committed", () => {
  let files;
  try {
    files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
      .split("\0")
      .filter(Boolean);
  } catch {
    files = [WORKFLOW, TAURI_CONF, ...Object.values(PLATFORMS), "package.json", "src-tauri/Cargo.toml"];
  }
  // Built from parts so this file does not match itself.
  const pem = new RegExp("-----BEGIN [A-Z0-9 ]*" + "PRIVATE KEY-----");
  const comment = "untrusted " + "comment:";
  const plainSecret = new RegExp(comment + "[^\\n]*secret key", "i");
  const b64Comment = /dW50cnVzdGVkIGNvbW1lbnQ6[A-Za-z0-9+/=]*/g; // base64 of "untrusted comment:"
  const found = [];
  for (const f of files) {
    if (/\.(key|p12|pfx)$/i.test(f)) found.push(`${f}: a key or certificate file`);
    const p = join(ROOT, f);
    if (!existsSync(p) || statSync(p).size > 2_000_000) continue;
    const buf = readFileSync(p);
    if (buf.includes(0)) continue; // binary
    const text = buf.toString("utf8");
    if (pem.test(text)) found.push(`${f}: a PEM private key`);
    if (plainSecret.test(text)) found.push(`${f}: a minisign/rsign secret key`);
    for (const m of text.matchAll(b64Comment)) {
      if (/secret key/i.test(Buffer.from(m[0], "base64").toString("utf8"))) found.push(`${f}: a base64 Tauri signing secret key`);
    }
  }
  assert.deepEqual(found, [], `private key material is committed (remove it and rotate the key):\n  ${found.join("\n  ")}`);
});
