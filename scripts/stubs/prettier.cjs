// Stands in for prettier in the bundles: yaml-language-server loads it only for YAML formatting,
// which Shipshape does not offer. Calling it fails loudly instead of formatting wrongly.
function unavailable() {
  throw new Error('YAML formatting is not part of Shipshape');
}
module.exports = { format: unavailable, formatWithCursor: unavailable, default: {} };
