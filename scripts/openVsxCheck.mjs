// The rules Open VSX applies when an extension is published that can be checked without the registry: the server's
// `ExtensionValidator` (namespace and name pattern, version characters, field sizes and characters, URLs, gallery
// banner, markdown and Q&A values), a licence shipped with the package, and the name rule GitLab's trademark
// guidance and Open VSX's impersonation check ask for. See docs/releasing.md for the sources.
// `npm run package` runs it on what it packaged; the unit test `test/unit/packaging/openVsxCheck.test.ts` on bad input.

const NAME_PATTERN = /^[\w\-+$~]+$/;
const VERSION_CHARS = /^[\p{L}\p{N}$+\-,.:;_]+$/u;
const RESERVED_VERSIONS = ['latest', 'pre-release', 'reviews'];
const DEFAULT_STRING_SIZE = 255;
const DESCRIPTION_SIZE = 2048;
const GALLERY_COLOR_SIZE = 16;
/** Open VSX's server takes larger files; this is our own ceiling so the package stays what users expect to download. */
export const PACKAGE_SIZE_LIMIT_BYTES = 1024 * 1024;
/** A display name may name the brand only after the product's own words ("… for GitLab"). */
const BRAND_FIRST = /^\s*gitlab\b/i;

/** Resolves a manifest value written as `%key%` from package.nls.json, as the registries show it. */
function localized(value, nls) {
  const key = typeof value === 'string' ? /^%(.+)%$/.exec(value)?.[1] : undefined;
  return key === undefined ? value : nls[key];
}

/** Control, format, private-use, unassigned and separator characters, which the server refuses in text fields. */
function hasInvalidCharacter(text) {
  return /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(text);
}

function isUrl(value) {
  try {
    return new URL(value.startsWith('git+') ? value.slice(4) : value).host !== '';
  } catch {
    return false;
  }
}

const urlOf = (field) => (typeof field === 'string' ? field : field?.url);

/**
 * Every problem Open VSX (or our own limits) would have with this package, as sentences; empty when it may be
 * published. `files` are the packaged paths, `packageBytes` the .vsix's size.
 */
export function openVsxProblems({ manifest, nls, files, packageBytes }) {
  const problems = [];
  const text = (field, value, limit) => {
    if (value === undefined || value === null) return;
    if (typeof value !== 'string') return problems.push(`"${field}" must be text`);
    if (hasInvalidCharacter(value)) problems.push(`"${field}" contains an invalid character`);
    if (value.length > limit) problems.push(`"${field}" is longer than ${limit} characters`);
  };
  const url = (field, value, required) => {
    if (!value) return required && problems.push(`"${field}" is missing`);
    if (!isUrl(value)) problems.push(`"${field}" is not a URL: ${value}`);
    else if (value.length > DEFAULT_STRING_SIZE) problems.push(`"${field}" is longer than ${DEFAULT_STRING_SIZE}`);
  };

  for (const [field, value] of [
    ['publisher', manifest.publisher],
    ['name', manifest.name],
  ]) {
    if (!value) problems.push(`"${field}" is missing`);
    else if (!NAME_PATTERN.test(value) || value.length > DEFAULT_STRING_SIZE)
      problems.push(`"${field}" may hold only letters, digits and _ - + $ ~ (at most 255): ${value}`);
  }

  const version = manifest.version ?? '';
  if (!version) problems.push('"version" is missing');
  else if (RESERVED_VERSIONS.includes(version)) problems.push(`the version "${version}" is reserved`);
  else if (!VERSION_CHARS.test(version)) problems.push(`"version" has a character Open VSX refuses: ${version}`);

  const displayName = localized(manifest.displayName, nls);
  if (!displayName) problems.push('"displayName" is missing (or its package.nls.json entry)');
  text('displayName', displayName, DEFAULT_STRING_SIZE);
  if (displayName && BRAND_FIRST.test(displayName))
    problems.push(
      `"displayName" starts with the GitLab brand; name the product first ("… for GitLab"): ${displayName}`,
    );
  const description = localized(manifest.description, nls);
  if (!description) problems.push('"description" is missing');
  text('description', description, DESCRIPTION_SIZE);
  for (const category of manifest.categories ?? []) text('categories', category, DEFAULT_STRING_SIZE);
  for (const keyword of manifest.keywords ?? []) text('keywords', keyword, DEFAULT_STRING_SIZE);

  if (!manifest.license) problems.push('"license" is missing');
  text('license', manifest.license, DEFAULT_STRING_SIZE);
  if (!files.some((file) => /^(extension\/)?licen[cs]e(\.(md|txt))?$/i.test(file)))
    problems.push('the package has no LICENSE file');

  url('repository', urlOf(manifest.repository), true);
  url('homepage', manifest.homepage, false);
  url('bugs', urlOf(manifest.bugs), false);

  const banner = manifest.galleryBanner ?? {};
  text('galleryBanner.color', banner.color, GALLERY_COLOR_SIZE);
  if (banner.theme !== undefined && !['dark', 'light'].includes(banner.theme))
    problems.push(`"galleryBanner.theme" must be dark or light: ${banner.theme}`);
  if (manifest.markdown !== undefined && !['github', 'standard'].includes(manifest.markdown))
    problems.push(`"markdown" must be github or standard: ${manifest.markdown}`);
  if (manifest.qna !== undefined && manifest.qna !== false && manifest.qna !== 'marketplace' && !isUrl(manifest.qna))
    problems.push(`"qna" must be marketplace, false or a URL: ${manifest.qna}`);

  if (manifest.icon && !files.includes(manifest.icon)) problems.push(`the icon ${manifest.icon} is not in the package`);
  if (packageBytes > PACKAGE_SIZE_LIMIT_BYTES)
    problems.push(`the package is ${packageBytes} bytes, over our ${PACKAGE_SIZE_LIMIT_BYTES} byte limit`);
  return problems;
}
